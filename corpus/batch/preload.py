"""Imported once by the fork server of `batch --workers N`: load the models every worker shares.

Workers are forked from the fork server, so what it has loaded (underthesea's CRF models, the word
tables) is shared by every worker instead of being loaded again in each one: that
is a second or two of CPU per worker, spent on the cores the workers need.
"""

from __future__ import annotations

import contextlib
import gc

from nlp.pipeline import extract

# One sentence with a date, a document reference and figures reaches every extractor and model.
WARM_UP_TEXT = "Ngày 5/3/2024, UBND tỉnh ban hành Quyết định số 12/QĐ-UBND hỗ trợ 1.200 hộ dân, tăng 15% so với năm trước."

# A failure here is not this module's to report: each worker then loads what it needs itself and
# says what went wrong for the unit it was doing.
with contextlib.suppress(Exception):
    extract(WARM_UP_TEXT, ref_date="2024-03-06")

# What was loaded here lives as long as the workers. Keeping the collector off it (gc.freeze, as
# the gc documentation advises before forking) spares each worker traversing it in every full
# collection, and copying its pages, which the collector's bookkeeping would write to.
gc.freeze()
