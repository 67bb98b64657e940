from .urls_handin import urlpatterns as handin
from .urls_online import urlpatterns as online
from .urls_prereview import urlpatterns as prereview
from .urls_schedule import urlpatterns as schedule_urls

urlpatterns = [*prereview, *online, *handin, *schedule_urls]
