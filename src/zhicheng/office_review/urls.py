from .urls_handin import urlpatterns as handin
from .urls_online import urlpatterns as online
from .urls_prereview import urlpatterns as prereview

urlpatterns = [*prereview, *online, *handin]
