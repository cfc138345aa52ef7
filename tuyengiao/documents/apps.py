from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "tuyengiao.documents"
    verbose_name = "Văn bản"
