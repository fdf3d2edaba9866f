from django.core.management.base import BaseCommand

from slussen.intake import evaluation


class Command(BaseCommand):
    help = (
        "Recall@3 and mean reciprocal rank of similar-case suggestions for paraphrase probes "
        "(default: the probes shipped in slussen/intake/eval/paraphrases.json) against the "
        "cases in the database (seed_demo's)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--probes", default=str(evaluation.PROBES), help="A JSON file")
        parser.add_argument("--misses", action="store_true", help="List the probes missed")
        parser.add_argument(
            "--unrelated",
            help="A JSON file of texts that match no case: print the share that got a suggestion",
        )

    def handle(self, *args, **options):
        if options["unrelated"]:
            texts = evaluation.load_unrelated(options["unrelated"])
            noise = evaluation.false_suggestions(texts)
            self.stdout.write(
                f"{len(texts)} unrelated texts: {len(noise.suggested)} got a suggestion, "
                f"false suggestion rate {noise.rate:.3f}"
            )
            if options["misses"]:
                for text, titles in noise.suggested:
                    self.stdout.write(f"- {text}\n    {' | '.join(titles)}")
            return
        probes = evaluation.load(options["probes"])
        result = evaluation.evaluate(probes)
        self.stdout.write(
            f"{len(probes)} probes: recall@3 {result.recall_at_3:.3f}, MRR {result.mrr:.3f}"
        )
        if options["misses"]:
            for text, titles in result.misses:
                self.stdout.write(f"- {text}\n    {' | '.join(titles) or '(no suggestion)'}")
