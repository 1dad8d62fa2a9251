/// `GET /v1/flowSpecs` (seed 001's "retrieve dataflow specifications"): the one flow spec Ferry offers, with the
/// JSON Schemas `POST/PATCH /v1/flows` and `POST /v1/flows/{id}/runs` enforce (``FlowBody``, ``FlowRunBody``).
/// Numbers and booleans may also be sent as text ("15", "true"), as seed 001's own example does.
enum FlowSpecs {
    static let json = #"""
{"items": [{
 "id": "ferry-bundle-flow",
 "name": "BundleFlow",
 "version": "1.0",
 "attributes": {"isSourceFlow": true, "frequency": "batch", "scheduler": "any number of orchestrators; each tick launches once"},
 "optionSpec": {"name": "OptionSpec", "spec": {
  "$schema": "http://json-schema.org/draft-07/schema#", "type": "object", "additionalProperties": false,
  "properties": {
   "errorDiagnosticsEnabled": {"title": "Error diagnostics.", "description": "Show the first rejected rows (source row, key, target's message) in each run.", "type": "boolean", "default": false},
   "partialIngestionPercent": {"title": "Partial ingestion threshold.", "description": "Percentage of rejected rows above which the run fails.", "type": "number", "exclusiveMinimum": 0, "maximum": 100},
   "catchUp": {"description": "Missed ticks: latest = one run covering the missed window, skip = drop them, all = each of the newest 10 in turn.", "type": "string", "enum": ["latest", "skip", "all"], "default": "latest"},
   "lookBackSeconds": {"description": "Re-read this much before the last watermark (late-committing writers); on sources whose open transactions cannot be seen, high is capped at now minus this.", "type": "integer", "minimum": 0, "maximum": 86400, "default": 60},
   "nullDeltaRows": {"description": "Rows whose delta column is NULL: loaded by every run, or never.", "type": "string", "enum": ["include", "exclude"], "default": "include"}
  }}},
 "scheduleSpec": {"name": "PeriodicSchedule", "type": "Periodic", "spec": {
  "$schema": "http://json-schema.org/draft-07/schema#", "type": "object", "additionalProperties": false,
  "properties": {
   "startTime": {"description": "epoch time (seconds); the first tick, at once when already past", "type": "integer", "minimum": 0},
   "frequency": {"type": "string", "enum": ["once", "minute", "hour", "day", "week"]},
   "interval": {"type": "integer", "maximum": 100000},
   "backfill": {"type": "boolean", "default": true, "description": "true: the first run loads all history; false: only rows changed after the flow was created"}
  },
  "required": ["startTime", "frequency"],
  "if": {"properties": {"frequency": {"const": "once"}}},
  "then": {"allOf": [{"not": {"required": ["interval"]}}, {"not": {"required": ["backfill"]}}]},
  "else": {"required": ["interval"],
   "if": {"properties": {"frequency": {"const": "minute"}}},
   "then": {"properties": {"interval": {"minimum": 15}}},
   "else": {"properties": {"interval": {"minimum": 1}}}}
 }},
 "transformationSpec": [
  {"name": "Copy", "spec": {
   "$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
   "properties": {"deltaColumn": {"type": "object",
    "properties": {"name": {"type": "string", "description": "a column of the source table(s)"}, "dateFormat": {"type": "string"}, "timezone": {"type": "string", "description": "IANA time zone for a delta column without one"}},
    "required": ["name"]}},
   "required": ["deltaColumn"]}},
  {"name": "Mapping", "spec": {
   "$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
   "description": "a catalog mapping set (POST /v1/mappingSets), applied to the bundle's pairs that have none of their own",
   "properties": {"mappingId": {"type": ["string", "integer"], "description": "the mapping set's id"}, "mappingVersion": {"type": ["string", "integer"]}},
   "required": ["mappingId"]}}
 ],
 "runSpec": {"name": "ProviderParams", "spec": {
  "$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
  "description": "POST /v1/flows/{id}/runs: an empty body runs now; a window reloads that past window (its high never becomes the watermark). The fields may also be sent under \"runSpec\".",
  "properties": {
   "startTime": {"type": "integer", "description": "accepted for seed 001's shape; the run starts now"},
   "windowStartTime": {"type": "integer", "description": "start of the window to reload, epoch seconds"},
   "windowEndTime": {"type": "integer", "description": "end of the window to reload, epoch seconds, after windowStartTime and not in the future"},
   "deltaColumn": {"type": "object", "properties": {"name": {"type": "string"}, "dateFormat": {"type": "string"}, "timezone": {"type": "string"}}, "required": ["name"]}
  },
  "dependentRequired": {"windowStartTime": ["windowEndTime"], "windowEndTime": ["windowStartTime"]}
 }}
}]}
"""#
}
