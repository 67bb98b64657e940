from ninja import NinjaAPI

api = NinjaAPI(title="职称申报评审系统 API", version="1")
