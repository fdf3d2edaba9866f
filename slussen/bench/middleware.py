from django.db import connection

HEADER = "X-Bench-Queries"


class QueryCountMiddleware:
    """Counts the database queries of a request into a response header (benchmark only)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = [0]

        def counting(execute, sql, params, many, context):
            count[0] += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counting):
            response = self.get_response(request)
        response[HEADER] = str(count[0])
        return response
