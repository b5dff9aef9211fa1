from django.apps import AppConfig


class InstallationConfig(AppConfig):
    name = "sanxiang.installation"
    label = "installation"
    verbose_name = "Installation"  # no models: never shown to users
