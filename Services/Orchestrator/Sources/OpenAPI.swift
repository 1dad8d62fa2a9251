/// The orchestrator's OpenAPI document, served at /openapi.json and merged by the gateway (tag "Batch").
/// Only the public /v1 routes are documented; /internal routes are service-to-service.
enum OrchestratorOpenAPI {
    static let json: String = #"""
{
 "openapi": "3.0.3",
 "info": {"title": "Ferry orchestrator", "version": "0.1.0", "description": "Launch, stop and restart batch jobs (RF05). Runs are asynchronous: the answer comes at once, executors pull the steps, and the reporting service follows the execution (RF06)."},
 "tags": [{"name": "Batch", "description": "Extract-and-load batch jobs (Spring Batch model: one job execution per run, one step per table pair)"}, \#(FlowsOpenAPI.tag)],
 "paths": {
  "/v1/batch/job": {
   "post": {
    "tags": ["Batch"],
    "summary": "RF05 – launch the batch job of a bundle",
    "description": "Creates a new job instance (run number + 1) and its first execution with one step per table pair of the bundle, status STARTING, and answers at once. 409 while the bundle already has a running execution.",
    "operationId": "launchJob",
    "security": [{"ApiKeyAuth": []}],
    "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/LaunchRequest"}, "example": {"dataBundleId": 41}}}},
    "responses": {
     "201": {"description": "Job launched", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/LaunchResponse"}, "example": {"uid": 29, "jobId": "29", "success": true, "id": 29, "message": "Job launched", "description": "JOB-CO_APP_DB_MIGRATION", "batchStatus": "STARTING"}}}},
     "400": {"description": "Missing or non-integer dataBundleId, or unknown bundle", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}, "example": {"success": false, "message": "dataBundleId: bundle 41 does not exist", "errors": [{"field": "dataBundleId", "message": "bundle 41 does not exist"}]}}}},
     "401": {"$ref": "#/components/responses/Unauthorized"},
     "409": {"description": "The bundle already has a running execution", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}, "example": {"success": false, "message": "bundle 41 already has a running job execution 29 (STARTED)", "errors": []}}}},
     "422": {"description": "The catalog cannot resolve the bundle into a runnable plan", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
     "502": {"description": "The catalog service did not answer", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}, "example": {"success": false, "message": "catalog service error: Couldn't connect to server", "errors": []}}}}
    }
   }
  },
  "/v1/batch/job/{id}/stop": {
   "post": {
    "tags": ["Batch"],
    "summary": "Stop a running job execution",
    "description": "The execution becomes STOPPING; steps never claimed stop at once, running steps finish their chunk in flight and stop. With no step running the execution is STOPPED at once.",
    "operationId": "stopJob",
    "security": [{"ApiKeyAuth": []}],
    "parameters": [{"$ref": "#/components/parameters/JobExecutionId"}],
    "responses": {
     "200": {"description": "Stop requested", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/LaunchResponse"}, "example": {"uid": 29, "jobId": "29", "success": true, "id": 29, "message": "Job stopping", "description": "JOB-CO_APP_DB_MIGRATION", "batchStatus": "STOPPING"}}}},
     "400": {"$ref": "#/components/responses/BadId"},
     "401": {"$ref": "#/components/responses/Unauthorized"},
     "404": {"$ref": "#/components/responses/NotFound"},
     "409": {"description": "The execution is not running", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}, "example": {"success": false, "message": "job execution 29 is COMPLETED", "errors": []}}}}
    }
   }
  },
  "/v1/batch/job/{id}/restart": {
   "post": {
    "tags": ["Batch"],
    "summary": "Restart a FAILED or STOPPED job execution",
    "description": "Creates a new execution of the same job instance (same run number, rerun number + 1) with the steps that did not complete; each resumes from its last committed chunk. Completed steps are not run again; when nothing is left the new execution is COMPLETED at once.",
    "operationId": "restartJob",
    "security": [{"ApiKeyAuth": []}],
    "parameters": [{"$ref": "#/components/parameters/JobExecutionId"}],
    "responses": {
     "201": {"description": "Job restarted", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/LaunchResponse"}, "example": {"uid": 30, "jobId": "30", "success": true, "id": 30, "message": "Job restarted", "description": "JOB-CO_APP_DB_MIGRATION", "batchStatus": "STARTING"}}}},
     "400": {"$ref": "#/components/responses/BadId"},
     "401": {"$ref": "#/components/responses/Unauthorized"},
     "404": {"$ref": "#/components/responses/NotFound"},
     "409": {"description": "Not FAILED/STOPPED, not the latest execution of its instance, or the bundle is running", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}, "example": {"success": false, "message": "job execution 29 is COMPLETED; only FAILED or STOPPED job executions can be restarted", "errors": []}}}},
     "422": {"description": "The bundle no longer exists or cannot be run", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
     "502": {"description": "The catalog service did not answer", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    }
   }
  },
\#(FlowsOpenAPI.paths)
 },
 "components": {
  "securitySchemes": {
   "ApiKeyAuth": {"type": "apiKey", "in": "header", "name": "X-API-Key"}
  },
  "parameters": {
   "JobExecutionId": {"name": "id", "in": "path", "required": true, "description": "Job execution id (the uid/jobId of the launch answer)", "schema": {"type": "integer", "format": "int64"}, "example": 29},
   "FlowId": {"name": "id", "in": "path", "required": true, "description": "Flow id", "schema": {"type": "integer", "format": "int64"}, "example": 12},
   "Page": {"name": "page", "in": "query", "description": "Page from 0", "schema": {"type": "integer", "default": 0}},
   "Size": {"name": "size", "in": "query", "description": "Page size 1-200", "schema": {"type": "integer", "default": 20}}
  },
  "responses": {
   "Unauthorized": {"description": "Missing or invalid X-API-Key", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}, "example": {"success": false, "message": "Missing or invalid X-API-Key", "errors": []}}}},
   "NotFound": {"description": "Unknown job execution", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}, "example": {"success": false, "message": "Job execution 29 not found", "errors": []}}}},
   "BadId": {"description": "Non-numeric id", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}, "example": {"success": false, "message": "id: must be an integer", "errors": [{"field": "id", "message": "must be an integer"}]}}}}
  },
  "schemas": {
\#(FlowsOpenAPI.schemas)
   "LaunchRequest": {
    "type": "object", "required": ["dataBundleId"],
    "properties": {"dataBundleId": {"type": "integer", "format": "int64", "description": "Unique id of the bundle (RF03)", "example": 41}}
   },
   "LaunchResponse": {
    "type": "object",
    "properties": {
     "uid": {"type": "integer", "format": "int64", "description": "Job execution id (seed 000)", "example": 29},
     "jobId": {"type": "string", "description": "Job execution id as text (seed 002)", "example": "29"},
     "success": {"type": "boolean", "example": true},
     "id": {"type": "integer", "format": "int64", "description": "Job execution id", "example": 29},
     "message": {"type": "string", "example": "Job launched"},
     "description": {"type": "string", "description": "Job name: JOB-<bundle name>", "example": "JOB-CO_APP_DB_MIGRATION"},
     "batchStatus": {"$ref": "#/components/schemas/BatchStatus"}
    }
   },
   "BatchStatus": {"type": "string", "enum": ["STARTING", "STARTED", "STOPPING", "STOPPED", "FAILED", "COMPLETED", "ABANDONED"], "example": "STARTING"},
   "Error": {"type": "object", "properties": {"success": {"type": "boolean", "example": false}, "message": {"type": "string"}, "errors": {"type": "array", "items": {"type": "object", "properties": {"field": {"type": "string"}, "message": {"type": "string"}}}}}}
  }
 }
}
"""#
}
