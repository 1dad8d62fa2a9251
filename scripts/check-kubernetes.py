#!/usr/bin/env python3
"""Offline check of docker/kubernetes/ (make test): every manifest against the Kubernetes schemas of
kubernetes-validate (strict: unknown fields are errors), KEDA's ScaledObject against our own schema of its CRD
(docker/kubernetes/schemas/), and the wiring between them that no schema sees: a Service per Deployment that
selects its pods, probes on /health, resource requests, the ConfigMap and Secret the pods read, the PDB and the
ScaledObject on the executor, kustomization.yaml listing every manifest; and that the compose file's executor
can be scaled (`--scale executor=N`: no fixed host port, no container name).
Run with the Python of the test venv (scripts/install-test-tools.sh):  check-kubernetes.py [DIR]"""
import glob, json, os, sys

import jsonschema
import kubernetes_validate
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DIR = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "docker", "kubernetes")
K8S_VERSION = os.environ.get("FERRY_K8S_VERSION", "1.30.0")
SERVICES = {"gateway": 8080, "catalog": 8081, "orchestrator": 8082, "executor": 8083, "reporting": 8084}
problems = []


def problem(where, text):
    problems.append(f"{where}: {text}")


docs = {}  # (kind, name) -> (file, document)
for path in sorted(glob.glob(os.path.join(DIR, "*.yaml"))):
    name = os.path.basename(path)
    with open(path) as f:
        for doc in yaml.safe_load_all(f):
            if not doc:
                continue
            kind = doc.get("kind")
            if kind == "Kustomization":
                docs[("Kustomization", name)] = (name, doc)
                continue
            if kind == "ScaledObject":
                with open(os.path.join(DIR, "schemas", "keda-scaledobject.schema.json")) as s:
                    schema = json.load(s)
                for e in jsonschema.Draft202012Validator(schema).iter_errors(doc):
                    problem(name, f"ScaledObject {'/'.join(map(str, e.absolute_path))}: {e.message}")
            else:
                try:
                    kubernetes_validate.validate(doc, K8S_VERSION, strict=True)
                except kubernetes_validate.ValidationError as e:
                    problem(name, f"{kind}: {str(e).splitlines()[0]}")
                except kubernetes_validate.SchemaNotFoundError:
                    problem(name, f"no schema for {doc.get('apiVersion')} {kind}")
            docs[(kind, doc.get("metadata", {}).get("name"))] = (name, doc)


def get(kind, name):
    return docs.get((kind, name), (None, None))[1]


config, secret = get("ConfigMap", "ferry-config"), get("Secret", "ferry-secrets")
if config is None:
    problem(DIR, "no ConfigMap ferry-config")
if secret is None:
    problem(DIR, "no Secret ferry-secrets (secret.example.yaml)")
for service, port in SERVICES.items():
    name = f"ferry-{service}"
    dep, svc = get("Deployment", name), get("Service", name)
    if dep is None or svc is None:
        problem(name, "needs a Deployment and a Service")
        continue
    pod = dep["spec"]["template"]
    labels = pod["metadata"].get("labels", {})
    if dep["spec"]["selector"].get("matchLabels", {}).items() - labels.items():
        problem(name, "the Deployment's selector does not match its pod labels")
    if not svc["spec"].get("selector") or svc["spec"]["selector"].items() - labels.items():
        problem(name, "the Service does not select the Deployment's pods")
    container = pod["spec"]["containers"][0]
    ports = {p.get("name"): p["containerPort"] for p in container.get("ports", [])}
    if ports.get("http") != port:
        problem(name, f"container port 'http' should be {port} (FERRY_{service.upper()}_PORT's default)")
    if [p.get("port") for p in svc["spec"]["ports"]] != [port]:
        problem(name, f"the Service should expose {port}")
    if container.get("command") != [name]:
        problem(name, f"the container should run {name}")
    for probe in ("readinessProbe", "livenessProbe"):
        http = container.get(probe, {}).get("httpGet", {})
        if http.get("path") != "/health" or http.get("port") not in ("http", port):
            problem(name, f"{probe} should GET /health on the http port")
    requests = container.get("resources", {}).get("requests", {})
    if not {"cpu", "memory"} <= requests.keys():
        problem(name, "resources.requests needs cpu and memory")
    refs = {next(iter(e.values()))["name"] for e in container.get("envFrom", [])}
    if refs != {"ferry-config", "ferry-secrets"}:
        problem(name, "envFrom should read ferry-config and ferry-secrets")
    for e in container.get("env", []):
        ref = e.get("valueFrom", {}).get("secretKeyRef")
        if ref and secret is not None and ref["key"] not in secret.get("stringData", {}):
            problem(name, f"env {e['name']} reads key {ref['key']}, which ferry-secrets does not have")

for url_var in (k for k in (config or {}).get("data", {}) if k.endswith("_URL")):
    host = config["data"][url_var].split("//", 1)[-1].split(":")[0]
    if get("Service", host) is None:
        problem("config.yaml", f"{url_var} names {host}, which is no Service here")
for key in ("FERRY_API_KEY", "FERRY_INTERNAL_TOKEN", "FERRY_SECRET_KEY", "FERRY_DATABASE_URL"):
    if secret is not None and key not in secret.get("stringData", {}):
        problem("secret.example.yaml", f"missing {key}")

executor = get("Deployment", "ferry-executor")
pdb = get("PodDisruptionBudget", "ferry-executor")
if pdb is None or executor is None or pdb["spec"]["selector"]["matchLabels"].items() - executor["spec"]["template"]["metadata"]["labels"].items():
    problem("executor-pdb.yaml", "needs a PodDisruptionBudget selecting the executor's pods")
scaled = get("ScaledObject", "ferry-executor")
if scaled is None:
    problem(DIR, "no ScaledObject ferry-executor")
elif executor is not None:
    if scaled["spec"]["scaleTargetRef"]["name"] != "ferry-executor":
        problem("executor-scaledobject.yaml", "should scale the Deployment ferry-executor")
    if "replicas" in executor["spec"]:
        problem("executor.yaml", "names replicas, which would fight KEDA's on every apply")
    env = {e["name"] for e in executor["spec"]["template"]["spec"]["containers"][0].get("env", [])}
    for trigger in scaled["spec"]["triggers"]:
        var = trigger["metadata"].get("connectionFromEnv")
        if var and var not in env:
            problem("executor-scaledobject.yaml", f"connectionFromEnv {var} is not in the executor container's env")
        if trigger["type"] == "postgresql" and "orch_step_execution" not in trigger["metadata"].get("query", ""):
            problem("executor-scaledobject.yaml", "the query should count the orchestrator's step executions")

kustomization = next((d for (k, _), (_, d) in docs.items() if k == "Kustomization"), None)
if kustomization is None:
    problem(DIR, "no kustomization.yaml")
else:
    listed = set(kustomization.get("resources", []))
    files = {os.path.basename(p) for p in glob.glob(os.path.join(DIR, "*.yaml"))} - {"kustomization.yaml", "secret.example.yaml"}
    for missing in sorted(files - listed):
        problem("kustomization.yaml", f"does not list {missing}")
    for extra in sorted(listed - files):
        problem("kustomization.yaml", f"lists {extra}, which does not exist")

# The compose file's `--scale executor=N` needs executors without a fixed host port or container name.
compose_path = os.path.join(ROOT, "docker", "docker-compose.yml")
if os.path.exists(compose_path):
    with open(compose_path) as f:
        compose = yaml.safe_load(f)
    executor_service = compose.get("services", {}).get("executor", {})
    for key in ("ports", "container_name"):
        if key in executor_service:
            problem("docker-compose.yml", f"the executor has {key}, so `--scale executor=N` cannot start N of them")

checked = sum(1 for (k, _) in docs if k != "Kustomization")
if problems:
    print("\n".join(problems), file=sys.stderr)
    print(f"kubernetes manifests: {len(problems)} problem(s) in {checked} resources", file=sys.stderr)
    sys.exit(1)
print(f"kubernetes manifests: {checked} resources valid (Kubernetes {K8S_VERSION} schemas, KEDA ScaledObject schema, wiring)")
