"""Dates as the users read them: dd/mm/yyyy, the Vietnamese order."""

import datetime


def dmy(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")
