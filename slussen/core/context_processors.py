from django.conf import settings


def slussen(request):
    return {"REGION_NAME": settings.REGION_NAME}
