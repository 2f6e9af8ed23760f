"""Batch processing of archives: units of work, workers, shard outputs with manifests, merge."""

from corpus.batch.filters import Filters, looks_vietnamese
from corpus.batch.outputs import OutputError, merge_parquet_units, merge_store_units
from corpus.batch.run import BatchConfig, BatchSummary, run_batch
from corpus.batch.units import PlanError, Unit, parse_shard, parse_size, plan_units
from corpus.batch.worker import UnitReport, UnitTask, run_unit

__all__ = [
    "BatchConfig", "BatchSummary", "Filters", "OutputError", "PlanError", "Unit", "UnitReport", "UnitTask",
    "looks_vietnamese", "merge_parquet_units", "merge_store_units", "parse_shard", "parse_size", "plan_units",
    "run_batch", "run_unit",
]  # fmt: skip
