from django.core.management.base import BaseCommand

from slussen.core import search


class Command(BaseCommand):
    help = "Rebuild the search index (of the named document types, or of all)."

    def add_arguments(self, parser):
        parser.add_argument("types", nargs="*", help=f"Document types: {', '.join(search.TYPES)}")

    def handle(self, *args, **options):
        unknown = set(options["types"]) - set(search.TYPES)
        if unknown:
            self.stderr.write(f"Unknown document types: {', '.join(sorted(unknown))}")
            return
        for name, count in search.reindex(options["types"] or None).items():
            self.stdout.write(f"{name}: {count} indexed")
