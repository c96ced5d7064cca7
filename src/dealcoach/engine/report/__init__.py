"""Reports: the public JSON document, from which every other rendering is made."""

from dealcoach.engine.report.document import SCHEMA_VERSION, analysis_document, schema

__all__ = ["SCHEMA_VERSION", "analysis_document", "schema"]
