from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "slussen.demo"
    label = "demo"
    verbose_name = "Demo region"
