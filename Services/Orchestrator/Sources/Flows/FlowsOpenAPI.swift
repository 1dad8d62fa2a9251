/// The flow routes' part of the orchestrator's OpenAPI document (tag "Flows"), spliced into ``OrchestratorOpenAPI``.
enum FlowsOpenAPI {
    static let tag = #"{"name": "Flows", "description": "Seed 001: a bundle launched on a schedule, incrementally by a delta column"}"#

    static let paths = #"""
  "/v1/flows": {
   "post": {
    "tags": ["Flows"], "summary": "Create a flow (seed 001's body, with dataBundleId)", "operationId": "createFlow",
    "description": "Numbers and booleans may be sent as text, as in seed 001 (\"interval\": \"15\"). scheduleParams follows seed 001's schema rule by rule (GET /v1/flowSpecs): startTime and frequency required; once forbids interval and backfill; every other frequency requires interval, at least 15 for minute. The first tick is at startTime (at once when already past).",
    "security": [{"ApiKeyAuth": []}],
    "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/FlowRequest"}, "example": {"name": "CRM hourly", "description": "collecting CUSTOMERS", "dataBundleId": 41, "transformations": [{"name": "Copy", "params": {"deltaColumn": {"name": "UPDATED_AT", "dateFormat": "yyyy-MM-dd HH:mm:ss", "timezone": "UTC"}}}, {"name": "Mapping", "params": {"mappingId": "7", "mappingVersion": 0}}], "scheduleParams": {"startTime": "1612310466", "frequency": "minute", "interval": "15", "backfill": "true"}, "options": {"partialIngestionPercent": 5, "errorDiagnosticsEnabled": true, "catchUp": "latest"}}}}},
    "responses": {
     "201": {"description": "Flow created", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/FlowSaved"}, "example": {"id": "12", "uid": 12, "etag": "\"1\"", "success": true, "message": "Flow created", "description": "CRM hourly"}}}},
     "400": {"description": "A field breaks a rule (named in errors)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}, "example": {"success": false, "message": "scheduleParams.interval: must be at least 15 for frequency minute", "errors": [{"field": "scheduleParams.interval", "message": "must be at least 15 for frequency minute"}]}}}},
     "401": {"$ref": "#/components/responses/Unauthorized"},
     "502": {"description": "The catalog service did not answer", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    }
   },
   "get": {
    "tags": ["Flows"], "summary": "List flows", "operationId": "listFlows", "security": [{"ApiKeyAuth": []}],
    "parameters": [{"name": "bundleId", "in": "query", "schema": {"type": "integer", "format": "int64"}}, {"$ref": "#/components/parameters/Page"}, {"$ref": "#/components/parameters/Size"}],
    "responses": {"200": {"description": "Flows, oldest first", "content": {"application/json": {"schema": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Flow"}}, "page": {"type": "integer"}, "size": {"type": "integer"}, "total": {"type": "integer"}}}}}}, "401": {"$ref": "#/components/responses/Unauthorized"}}
   }
  },
  "/v1/flows/{id}": {
   "get": {
    "tags": ["Flows"], "summary": "Read a flow (values typed: \"15\" reads back as 15)", "operationId": "getFlow", "security": [{"ApiKeyAuth": []}],
    "parameters": [{"$ref": "#/components/parameters/FlowId"}],
    "responses": {"200": {"description": "The flow; ETag header", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Flow"}, "example": {"id": "12", "uid": 12, "name": "CRM hourly", "description": "collecting CUSTOMERS", "dataBundleId": 41, "state": "enabled", "transformations": [{"name": "Copy", "params": {"deltaColumn": {"name": "UPDATED_AT", "dateFormat": "yyyy-MM-dd HH:mm:ss", "timezone": "UTC"}}}], "scheduleParams": {"startTime": 1612310466, "frequency": "minute", "interval": 15, "backfill": true}, "options": {"partialIngestionPercent": 5, "errorDiagnosticsEnabled": true, "catchUp": "latest", "lookBackSeconds": 60, "nullDeltaRows": "include"}, "etag": "\"1\"", "nextRunTime": 1612311366, "createdAt": "2021-02-03T00:01:06.000Z", "updatedAt": "2021-02-03T00:01:06.000Z"}}}}, "400": {"$ref": "#/components/responses/BadId"}, "401": {"$ref": "#/components/responses/Unauthorized"}, "404": {"description": "Unknown flow"}}
   },
   "patch": {
    "tags": ["Flows"], "summary": "Change a flow: state enabled/disabled, scheduleParams (whole), options (single keys), transformations, name", "operationId": "patchFlow", "security": [{"ApiKeyAuth": []}],
    "description": "A flow enabled again does not replay the ticks it slept through. If-Match with the etag refuses a change based on a stale read (412).",
    "parameters": [{"$ref": "#/components/parameters/FlowId"}, {"name": "If-Match", "in": "header", "schema": {"type": "string"}, "example": "\"1\""}],
    "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/FlowRequest"}, "example": {"state": "disabled"}}}},
    "responses": {"200": {"description": "Flow updated", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/FlowSaved"}, "example": {"id": "12", "uid": 12, "etag": "\"2\"", "success": true, "message": "Flow updated", "description": "CRM hourly"}}}}, "400": {"description": "A field breaks a rule", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}, "401": {"$ref": "#/components/responses/Unauthorized"}, "404": {"description": "Unknown flow"}, "409": {"description": "Changed by another request meanwhile"}, "412": {"description": "If-Match does not match the flow's etag"}}
   },
   "delete": {
    "tags": ["Flows"], "summary": "Delete a flow and its run list (job executions stay in the history)", "operationId": "deleteFlow", "security": [{"ApiKeyAuth": []}],
    "parameters": [{"$ref": "#/components/parameters/FlowId"}],
    "responses": {"200": {"description": "Flow deleted", "content": {"application/json": {"example": {"success": true, "message": "Flow deleted"}}}}, "401": {"$ref": "#/components/responses/Unauthorized"}, "404": {"description": "Unknown flow"}, "409": {"description": "A run is in progress"}}
   }
  },
  "/v1/flows/{id}/runs": {
   "post": {
    "tags": ["Flows"], "summary": "Run a flow now, or reload a past window", "operationId": "startFlowRun", "security": [{"ApiKeyAuth": []}],
    "description": "No body: a run now, from the last successful watermark. With windowStartTime/windowEndTime (epoch seconds, seed 001's runSpec; also accepted under \"runSpec\"): a reload of that window, whose high never becomes the watermark.",
    "parameters": [{"$ref": "#/components/parameters/FlowId"}],
    "requestBody": {"required": false, "content": {"application/json": {"schema": {"type": "object", "properties": {"windowStartTime": {"type": "integer"}, "windowEndTime": {"type": "integer"}, "runSpec": {"type": "object"}}}, "example": {"windowStartTime": 1612310466, "windowEndTime": 1612396866}}}},
    "responses": {"201": {"description": "Run started", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/FlowRunStarted"}, "example": {"id": 5, "flowId": 12, "jobExecutionId": 31, "success": true, "message": "Flow run started", "status": "inProgress"}}}}, "400": {"description": "Bad window", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}, "401": {"$ref": "#/components/responses/Unauthorized"}, "404": {"description": "Unknown flow"}, "409": {"description": "A run of the flow (or its bundle) is in progress"}, "422": {"description": "The bundle or mapping set no longer exists, or a window reload of a flow without delta column"}}
   },
   "get": {
    "tags": ["Flows"], "summary": "The flow's runs, newest first", "operationId": "listFlowRuns", "security": [{"ApiKeyAuth": []}],
    "parameters": [{"$ref": "#/components/parameters/FlowId"}, {"$ref": "#/components/parameters/Page"}, {"$ref": "#/components/parameters/Size"}],
    "responses": {"200": {"description": "Runs", "content": {"application/json": {"schema": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/FlowRun"}}, "page": {"type": "integer"}, "size": {"type": "integer"}, "total": {"type": "integer"}}}}}}, "401": {"$ref": "#/components/responses/Unauthorized"}, "404": {"description": "Unknown flow"}}
   }
  },
  "/v1/flows/{id}/runs/{runId}": {
   "get": {
    "tags": ["Flows"], "summary": "One run: status (follows its job execution), window per table, record summary, first diagnostics", "operationId": "getFlowRun", "security": [{"ApiKeyAuth": []}],
    "parameters": [{"$ref": "#/components/parameters/FlowId"}, {"name": "runId", "in": "path", "required": true, "schema": {"type": "integer", "format": "int64"}}],
    "responses": {"200": {"description": "The run", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/FlowRun"}, "example": {"id": 5, "flowId": 12, "jobExecutionId": 31, "status": "success", "trigger": "schedule", "scheduledFor": "2021-02-03T00:16:06.000Z", "startedAt": "2021-02-03T00:16:06.120Z", "completedAt": "2021-02-03T00:16:09.884Z", "windowStartTime": "2021-02-03T00:01:05.000Z", "windowEndTime": "2021-02-03T00:16:05.912Z", "tables": [{"pairId": 101, "stepName": "STEP-CUSTOMERS", "deltaColumn": "UPDATED_AT", "low": "2021-02-03 00:01:05.000211", "high": "2021-02-03 00:16:05.912337", "nullDeltaRows": "include", "nullDeltaRowCount": 3}], "recordSummary": {"inputRecordCount": 1204, "outputRecordCount": 1203, "skippedRecordCount": 1}, "errors": [{"stepName": "STEP-CUSTOMERS", "key": ["42"], "row": {"ID": "42", "EMAIL": null}, "sqlState": "23502", "message": "null value in column \"EMAIL\" violates not-null constraint"}]}}}}, "401": {"$ref": "#/components/responses/Unauthorized"}, "404": {"description": "Unknown flow or run"}}
   }
  },
  "/v1/flowSpecs": {
   "get": {
    "tags": ["Flows"], "summary": "The flow spec: seed 001's scheduleSpec, transformationSpec, optionSpec and runSpec JSON Schemas, exactly as enforced", "operationId": "getFlowSpecs", "security": [{"ApiKeyAuth": []}],
    "responses": {"200": {"description": "One flow spec", "content": {"application/json": {"schema": {"type": "object"}}}}, "401": {"$ref": "#/components/responses/Unauthorized"}}
   }
  }
"""#

    static let schemas = #"""
   "FlowRequest": {"type": "object", "required": ["name", "dataBundleId", "scheduleParams"], "properties": {
     "name": {"type": "string"}, "description": {"type": "string"}, "dataBundleId": {"type": "integer", "format": "int64"},
     "state": {"type": "string", "enum": ["enabled", "disabled"], "default": "enabled"},
     "transformations": {"type": "array", "items": {"type": "object", "properties": {"name": {"type": "string", "enum": ["Copy", "Mapping"]}, "params": {"type": "object"}}}},
     "scheduleParams": {"type": "object", "properties": {"startTime": {"type": "integer"}, "frequency": {"type": "string", "enum": ["once", "minute", "hour", "day", "week"]}, "interval": {"type": "integer"}, "backfill": {"type": "boolean"}}},
     "options": {"type": "object", "properties": {"partialIngestionPercent": {"type": "number"}, "errorDiagnosticsEnabled": {"type": "boolean"}, "catchUp": {"type": "string", "enum": ["latest", "skip", "all"]}, "lookBackSeconds": {"type": "integer"}, "nullDeltaRows": {"type": "string", "enum": ["include", "exclude"]}}}}},
   "Flow": {"type": "object", "properties": {"id": {"type": "string"}, "uid": {"type": "integer"}, "name": {"type": "string"}, "description": {"type": "string"}, "dataBundleId": {"type": "integer"}, "state": {"type": "string"}, "transformations": {"type": "array", "items": {"type": "object"}}, "scheduleParams": {"type": "object"}, "options": {"type": "object"}, "etag": {"type": "string"}, "nextRunTime": {"type": "integer", "nullable": true}, "createdAt": {"type": "string"}, "updatedAt": {"type": "string"}}},
   "FlowSaved": {"type": "object", "properties": {"id": {"type": "string"}, "uid": {"type": "integer"}, "etag": {"type": "string"}, "success": {"type": "boolean"}, "message": {"type": "string"}, "description": {"type": "string"}}},
   "FlowRunStarted": {"type": "object", "properties": {"id": {"type": "integer"}, "flowId": {"type": "integer"}, "jobExecutionId": {"type": "integer"}, "success": {"type": "boolean"}, "message": {"type": "string"}, "status": {"type": "string"}}},
   "FlowRun": {"type": "object", "properties": {"id": {"type": "integer"}, "flowId": {"type": "integer"}, "jobExecutionId": {"type": "integer", "nullable": true}, "status": {"type": "string", "enum": ["scheduled", "inProgress", "success", "partialSuccess", "failed"]}, "trigger": {"type": "string", "enum": ["schedule", "manual"]}, "scheduledFor": {"type": "string"}, "startedAt": {"type": "string", "nullable": true}, "completedAt": {"type": "string", "nullable": true}, "windowStartTime": {"type": "string", "nullable": true, "description": "null on a backfill run"}, "windowEndTime": {"type": "string", "nullable": true}, "tables": {"type": "array", "items": {"type": "object", "properties": {"pairId": {"type": "integer"}, "stepName": {"type": "string"}, "deltaColumn": {"type": "string"}, "low": {"type": "string", "nullable": true}, "high": {"type": "string", "nullable": true}, "nullDeltaRows": {"type": "string"}, "nullDeltaRowCount": {"type": "integer"}}}}, "recordSummary": {"type": "object", "properties": {"inputRecordCount": {"type": "integer"}, "outputRecordCount": {"type": "integer"}, "skippedRecordCount": {"type": "integer"}}}, "errors": {"type": "array", "items": {"type": "object", "properties": {"stepName": {"type": "string"}, "key": {"type": "array", "items": {"type": "string"}}, "row": {"type": "object"}, "sqlState": {"type": "string"}, "message": {"type": "string"}}}}}},
"""#
}
