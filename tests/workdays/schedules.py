"""A full 2027 schedule for tests (shape of a State Council notice; not the official 2027 notice)."""

import datetime

D = datetime.date

PERIODS_2027 = [
    ("元旦", D(2027, 1, 1), D(2027, 1, 3)),
    ("春节", D(2027, 2, 5), D(2027, 2, 13)),
    ("清明节", D(2027, 4, 3), D(2027, 4, 5)),
    ("劳动节", D(2027, 5, 1), D(2027, 5, 5)),
    ("端午节", D(2027, 6, 9), D(2027, 6, 11)),
    ("中秋节", D(2027, 9, 15), D(2027, 9, 17)),
    ("国庆节", D(2027, 10, 1), D(2027, 10, 7)),
]
WORKDAYS_2027 = [("春节", D(2027, 1, 31), D(2027, 1, 31)), ("春节", D(2027, 2, 20), D(2027, 2, 20)),
                 ("国庆节", D(2027, 10, 9), D(2027, 10, 9))]
SCHEDULE_2027 = {"periods": PERIODS_2027, "workdays": WORKDAYS_2027}
