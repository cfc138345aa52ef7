"""Report forms, periods, report values and consolidated figures (built by api-reports)."""

from ninja import Router

router = Router(tags=["Báo cáo"])
