#!/usr/bin/env python3
"""The checks of deploy/ that no single tool makes, for scripts/check-deploy.

Usage (from the repository's root, with the .venv of scripts/install-deps):
  .venv/bin/python deploy/checks/deploycheck.py CHECK DEPLOY_DIR [REPO_ROOT [BUILD_DIR]]

CHECK is one of:
  metrics        deploy/metrics.txt is one metric name a line, and the alert rules use only them
  dashboard      grafana/chancery.json: valid JSON, schemaVersion 36+, the ${DS_PROMETHEUS} input
                 on every panel and query, every metric a panel or variable uses in metrics.txt,
                 every expression parsed by promtool
  compose        compose.yaml: the Compose Specification's JSON schema (schemas/compose-spec.json),
                 then references: services, named volumes, bind-mounted files, the build context,
                 Prometheus' targets, PGPASSWORD beside a PostgreSQL store
  kubernetes     kubernetes/*.yaml beyond the API schema (kubernetes-validate checks that): probes,
                 resources, security context, the Secret reference, selectors, the budget
  containerfile  Containerfile: Debian 12 base; every package it installs exists in Debian 12;
                 the runtime packages provide every shared library the built binaries load;
                 COPY sources exist (the context, the build stage's outputs)
  flags          every chanceryd and chancery flag used by the unit, the image, Compose and
                 Kubernetes is one the built binaries' --help lists

Each problem is printed as `FILE: what is wrong`; the exit status is 1 when there is any.
"""

import glob
import hashlib
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

import yaml

problems = []


def problem(path, message):
    problems.append(f"{path}: {message}")


def note(message):
    print(f"  note: {message}")


# --- metric names ------------------------------------------------------------------------------

HISTOGRAM_SUFFIXES = ("_bucket", "_sum", "_count")
PROMQL_KEYWORDS = {
    "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless",
    "offset", "inf", "nan", "start", "end",
}
# Series that Prometheus itself makes for every target, which rules may use.
PROMETHEUS_SERIES = {"up"}


def read_metrics(deploy):
    path = os.path.join(deploy, "metrics.txt")
    names = set()
    try:
        lines = open(path, encoding="utf-8").read().split("\n")
    except OSError as e:
        problem(path, f"cannot be read: {e}")
        return names
    if lines and lines[-1] == "":
        lines.pop()
    for number, line in enumerate(lines, 1):
        if not re.fullmatch(r"[a-zA-Z_:][a-zA-Z0-9_:]*", line):
            problem(path, f"line {number}: {line!r} is not a Prometheus metric name "
                          "(one name a line, nothing else)")
        elif line in names:
            problem(path, f"line {number}: {line} is listed twice")
        names.add(line)
    if not names:
        problem(path, "lists no metric")
    return names


def metric_names(expr):
    """The metric names a PromQL expression selects (those before `{`, or bare)."""
    s = re.sub(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|`[^`]*`', '""', expr)  # strings
    if re.search(r"\{[^}]*__name__", s):
        return None  # a selector by __name__: not checkable by name
    s = re.sub(r"\{[^}]*\}", " ", s)  # label matchers
    s = re.sub(r"\[[^\]]*\]", " ", s)  # ranges and subqueries
    s = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", s)
    s = re.sub(r"\boffset\s+-?[0-9a-z]+", " ", s)
    names = []
    for m in re.finditer(r"(?<![\w.:$])([a-zA-Z_:][a-zA-Z0-9_:]*)", s):
        name = m.group(1)
        if re.match(r"\s*\(", s[m.end():]):
            continue  # a function or an aggregation
        if name.lower() in PROMQL_KEYWORDS:
            continue
        names.append(name)
    return names


def is_listed(name, listed):
    if name in listed:
        return True
    return any(name.endswith(suffix) and name[: -len(suffix)] in listed
               for suffix in HISTOGRAM_SUFFIXES)


def check_expr_names(path, where, expr, listed, extra=frozenset()):
    names = metric_names(expr)
    if names is None:
        problem(path, f"{where}: selects series by __name__, which this check cannot follow: "
                      "name the metric")
        return
    if not names:
        problem(path, f"{where}: uses no metric: {expr}")
    for name in names:
        if name not in extra and not is_listed(name, listed):
            problem(path, f"{where}: uses {name}, which deploy/metrics.txt does not list")


def check_metrics(deploy):
    listed = read_metrics(deploy)
    path = os.path.join(deploy, "prometheus", "alerts.yml")
    try:
        doc = yaml.safe_load(open(path, encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        problem(path, f"cannot be read as YAML: {e}")
        return
    rules = [rule for group in (doc or {}).get("groups") or [] for rule in group.get("rules") or []]
    if not rules:
        problem(path, "holds no rule")
    for rule in rules:
        name = rule.get("alert") or rule.get("record") or "?"
        check_expr_names(path, f"rule {name}", str(rule.get("expr", "")), listed,
                         PROMETHEUS_SERIES)


# --- Grafana dashboard -------------------------------------------------------------------------

DATASOURCE = {"type": "prometheus", "uid": "${DS_PROMETHEUS}"}
GRAFANA_RANGES = {"$__rate_interval": "5m", "${__rate_interval}": "5m", "$__interval": "1m",
                  "${__interval}": "1m", "$__range": "1h", "${__range}": "1h"}


def all_panels(panels):
    for panel in panels or []:
        yield panel
        yield from all_panels(panel.get("panels"))


def check_dashboard(deploy):
    listed = read_metrics(deploy)
    path = os.path.join(deploy, "grafana", "chancery.json")
    try:
        text = open(path, encoding="utf-8").read()
        dash = json.loads(text)
    except OSError as e:
        problem(path, f"cannot be read: {e}")
        return
    except json.JSONDecodeError as e:
        problem(path, f"is not valid JSON: {e}")
        return
    if not isinstance(dash, dict):
        problem(path, "is not a JSON object")
        return
    version = dash.get("schemaVersion")
    if not isinstance(version, int) or version < 36:
        problem(path, f"schemaVersion is {version!r}; 36 or later is wanted")
    for key in ("title", "uid", "panels"):
        if not dash.get(key):
            problem(path, f"has no {key}")
    inputs = {i.get("name"): i for i in dash.get("__inputs") or []}
    ds = inputs.get("DS_PROMETHEUS")
    if not ds or ds.get("type") != "datasource" or ds.get("pluginId") != "prometheus":
        problem(path, "__inputs has no DS_PROMETHEUS input of type datasource, plugin prometheus")
    for used in sorted(set(re.findall(r"\$\{(DS_[A-Za-z0-9_]+)\}", text)) - set(inputs)):
        problem(path, f"uses ${{{used}}}, which __inputs does not declare")

    exprs = []  # (where, expr)
    ids = {}
    for panel in all_panels(dash.get("panels")):
        title = panel.get("title") or "(untitled)"
        where = f"panel {panel.get('id')} {title!r}"
        if panel.get("id") in ids:
            problem(path, f"{where}: id {panel.get('id')} is also panel {ids[panel.get('id')]!r}'s")
        ids[panel.get("id")] = title
        grid = panel.get("gridPos") or {}
        if not all(isinstance(grid.get(k), int) for k in ("h", "w", "x", "y")):
            problem(path, f"{where}: gridPos needs integer h, w, x and y")
        elif grid["x"] + grid["w"] > 24:
            problem(path, f"{where}: reaches past the 24 columns of the grid")
        if panel.get("type") == "row":
            continue
        if panel.get("datasource") != DATASOURCE:
            problem(path, f"{where}: datasource is {panel.get('datasource')!r}, not {DATASOURCE}")
        targets = panel.get("targets") or []
        if not targets:
            problem(path, f"{where}: has no query")
        for target in targets:
            twhere = f"{where} query {target.get('refId', '?')}"
            if "datasource" in target and target["datasource"] != DATASOURCE:
                problem(path, f"{twhere}: datasource is {target['datasource']!r}, not {DATASOURCE}")
            expr = target.get("expr")
            if not isinstance(expr, str) or not expr.strip():
                problem(path, f"{twhere}: has no expr")
                continue
            check_expr_names(path, twhere, expr, listed)
            exprs.append((twhere, expr))
    for variable in (dash.get("templating") or {}).get("list") or []:
        if variable.get("type") != "query":
            continue
        where = f"variable {variable.get('name')}"
        if variable.get("datasource") != DATASOURCE:
            problem(path, f"{where}: datasource is {variable.get('datasource')!r}, not {DATASOURCE}")
        query = variable.get("query")
        if isinstance(query, dict):
            query = query.get("query")
        m = re.fullmatch(r"\s*label_values\((.*),\s*\w+\s*\)\s*", query or "")
        if m:
            check_expr_names(path, where, m.group(1), listed)
        else:
            problem(path, f"{where}: query {query!r} is not label_values(SELECTOR, LABEL)")
    promtool_parse(path, exprs)


def promtool_parse(path, exprs):
    """Has promtool parse each expression, as recording rules of a scratch rules file."""
    if not exprs:
        return
    if not shutil.which("promtool"):
        problem(path, "promtool is not installed (scripts/install-deps installs it)")
        return
    rules = []
    names = {}
    for i, (where, expr) in enumerate(exprs):
        for variable, value in GRAFANA_RANGES.items():
            expr = expr.replace(variable, value)
        name = f"dashboard_query_{i}"
        names[name] = where
        rules.append({"record": name, "expr": expr})
    with tempfile.TemporaryDirectory() as scratch:
        rules_file = os.path.join(scratch, "dashboard-queries.yml")
        with open(rules_file, "w", encoding="utf-8") as f:
            yaml.safe_dump({"groups": [{"name": "dashboard", "rules": rules}]}, f)
        run = subprocess.run(["promtool", "check", "rules", rules_file],
                             capture_output=True, text=True)
    if run.returncode != 0:
        output = (run.stdout + run.stderr).replace(rules_file, "(dashboard queries)")
        for name, where in names.items():
            output = re.sub(rf"\b{name}\b", f"{name} [{where}]", output)
        problem(path, "promtool cannot parse a query:\n" + output.strip())


# --- Compose -----------------------------------------------------------------------------------

def service_command(service):
    """The argv a Compose service runs, when its file says (entrypoint, then command)."""
    argv = []
    for key in ("entrypoint", "command"):
        value = service.get(key)
        if isinstance(value, str):
            argv += shlex.split(value)
        elif isinstance(value, list):
            argv += [str(v) for v in value]
    return argv


def flag_values(argv, flag):
    return [a.split("=", 1)[1] for a in argv if a.startswith(flag + "=")]


def check_store_uri(path, where, uri, env_names):
    if re.match(r"postgres(ql)?://[^/@]*:[^/@]*@", uri):
        problem(path, f"{where}: --store={uri} holds a password, which chanceryd refuses: "
                      "give it in PGPASSWORD")
    if uri.startswith(("postgresql://", "postgres://")) and not (
            {"PGPASSWORD", "PGPASSFILE"} & set(env_names)):
        problem(path, f"{where}: a PostgreSQL store without PGPASSWORD (or PGPASSFILE) "
                      "in the environment")


def check_compose(deploy):
    path = os.path.join(deploy, "compose.yaml")
    base = os.path.dirname(path)
    try:
        doc = yaml.safe_load(open(path, encoding="utf-8"))
    except OSError as e:
        problem(path, f"cannot be read: {e}")
        return
    except yaml.YAMLError as e:
        problem(path, f"is not valid YAML: {e}")
        return
    import jsonschema  # installed with kubernetes-validate (deploy/requirements.txt)

    schema_path = os.path.join(deploy, "schemas", "compose-spec.json")
    schema = json.load(open(schema_path, encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(map(str, e.absolute_path)))
    for error in errors:
        where = "/".join(map(str, error.absolute_path)) or "(top level)"
        problem(path, f"{where}: {error.message} (Compose Specification schema)")
    if errors or not isinstance(doc, dict):
        return

    services = doc.get("services") or {}
    volumes = doc.get("volumes") or {}
    metrics_targets = {}
    for name, service in services.items():
        where = f"services.{name}"
        depends = service.get("depends_on") or []
        for other in depends if isinstance(depends, list) else depends.keys():
            if other not in services:
                problem(path, f"{where}.depends_on: no service {other}")
        for volume in service.get("volumes") or []:
            if isinstance(volume, str):
                source = volume.split(":", 1)[0] if ":" in volume else None
            else:
                source = volume.get("source")
            if not source:
                continue
            if source.startswith((".", "/", "~")):
                if source.startswith(".") and not os.path.exists(os.path.join(base, source)):
                    problem(path, f"{where}.volumes: {source} does not exist "
                                  f"(relative to {base})")
            elif source not in volumes:
                problem(path, f"{where}.volumes: named volume {source} is not declared "
                              "under the top-level volumes")
        build = service.get("build")
        if build is not None:
            context = build if isinstance(build, str) else build.get("context", ".")
            context = os.path.normpath(os.path.join(base, context))
            dockerfile = "Dockerfile" if isinstance(build, str) else build.get("dockerfile",
                                                                                "Dockerfile")
            if not os.path.isdir(context):
                problem(path, f"{where}.build: context {context} is not a directory")
            elif not os.path.isfile(os.path.join(context, dockerfile)):
                problem(path, f"{where}.build: {dockerfile} is not in the context {context}")
        argv = service_command(service)
        env = service.get("environment") or {}
        env_names = env.keys() if isinstance(env, dict) else [e.split("=", 1)[0] for e in env]
        for uri in flag_values(argv, "--store"):
            check_store_uri(path, where, uri, env_names)
        for address in flag_values(argv, "--metrics-listen"):
            metrics_targets[name] = address.rsplit(":", 1)[-1]

    # Prometheus scrapes every replica that serves metrics, and only services that exist.
    prometheus_path = os.path.join(deploy, "prometheus", "prometheus.yml")
    try:
        prometheus = yaml.safe_load(open(prometheus_path, encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as e:
        problem(prometheus_path, f"cannot be read as YAML: {e}")
        return
    scraped = set()
    for job in prometheus.get("scrape_configs") or []:
        for static in job.get("static_configs") or []:
            for target in static.get("targets") or []:
                host, _, port = str(target).rpartition(":")
                scraped.add(host)
                if host not in services:
                    problem(prometheus_path, f"job {job.get('job_name')}: target {target} is no "
                                             "service of deploy/compose.yaml")
                elif metrics_targets.get(host) != port:
                    problem(prometheus_path, f"job {job.get('job_name')}: target {target}, but "
                                             f"{host} serves metrics on port "
                                             f"{metrics_targets.get(host, '(none)')}")
    for name in sorted(set(metrics_targets) - scraped):
        problem(path, f"services.{name} serves metrics (--metrics-listen) that "
                      "deploy/prometheus/prometheus.yml does not scrape")


# --- Kubernetes --------------------------------------------------------------------------------

def load_kubernetes(deploy):
    objects = []
    for path in sorted(glob.glob(os.path.join(deploy, "kubernetes", "*.yaml"))):
        try:
            for doc in yaml.safe_load_all(open(path, encoding="utf-8")):
                if doc:
                    objects.append((path, doc))
        except yaml.YAMLError as e:
            problem(path, f"is not valid YAML: {e}")
    return objects


def selects(selector, labels):
    return bool(selector) and all(labels.get(k) == v for k, v in selector.items())


def check_kubernetes(deploy):
    objects = load_kubernetes(deploy)
    deployments = [(p, o) for p, o in objects if o.get("kind") == "Deployment"]
    if not deployments:
        problem(os.path.join(deploy, "kubernetes"), "holds no Deployment")
    for path, dep in deployments:
        name = (dep.get("metadata") or {}).get("name")
        spec = dep.get("spec") or {}
        template = spec.get("template") or {}
        labels = (template.get("metadata") or {}).get("labels") or {}
        annotations = (template.get("metadata") or {}).get("annotations") or {}
        pod = template.get("spec") or {}
        replicas = spec.get("replicas", 1)
        if not selects((spec.get("selector") or {}).get("matchLabels"), labels):
            problem(path, f"Deployment {name}: its selector does not select its pods' labels")
        if replicas < 3:
            problem(path, f"Deployment {name}: {replicas} replicas; 3 or more are wanted")
        pod_security = pod.get("securityContext") or {}
        for c in pod.get("containers") or []:
            where = f"Deployment {name} container {c.get('name')}"
            ports = {p.get("name"): p.get("containerPort") for p in c.get("ports") or []}
            argv = [str(a) for a in (c.get("command") or []) + (c.get("args") or [])]
            for probe in ("readinessProbe", "livenessProbe"):
                grpc = (c.get(probe) or {}).get("grpc")
                if not grpc:
                    problem(path, f"{where}: {probe} is not a grpc probe")
                elif grpc.get("port") not in ports.values() or grpc.get("port") != ports.get("grpc"):
                    problem(path, f"{where}: {probe} probes port {grpc.get('port')}, not the "
                                  f"container's grpc port {ports.get('grpc')}")
                elif grpc.get("service"):
                    problem(path, f"{where}: {probe} asks for service {grpc['service']!r}; "
                                  "chanceryd reports health for the server as a whole (\"\")")
            listen = flag_values(argv, "--listen")
            if listen and listen[0].rsplit(":", 1)[-1] != str(ports.get("grpc")):
                problem(path, f"{where}: --listen={listen[0]} is not on the grpc port "
                              f"{ports.get('grpc')}")
            resources = c.get("resources") or {}
            for kind in ("requests", "limits"):
                for resource in ("cpu", "memory"):
                    if not (resources.get(kind) or {}).get(resource):
                        problem(path, f"{where}: no resources.{kind}.{resource}")
            security = c.get("securityContext") or {}
            if security.get("readOnlyRootFilesystem") is not True:
                problem(path, f"{where}: securityContext.readOnlyRootFilesystem is not true")
            if security.get("allowPrivilegeEscalation") is not False:
                problem(path, f"{where}: securityContext.allowPrivilegeEscalation is not false")
            if not (security.get("runAsNonRoot") or pod_security.get("runAsNonRoot")):
                problem(path, f"{where}: runAsNonRoot is not set")
            if (security.get("runAsUser", pod_security.get("runAsUser")) or 0) == 0:
                problem(path, f"{where}: runs as user 0 (root), or no numeric runAsUser")
            env = {e.get("name"): e for e in c.get("env") or []}
            for uri in flag_values(argv, "--store"):
                check_store_uri(path, where, uri, env.keys())
            password = env.get("PGPASSWORD")
            if password is not None and "secretKeyRef" not in (password.get("valueFrom") or {}):
                problem(path, f"{where}: PGPASSWORD is not taken from a Secret (secretKeyRef)")
            metrics = flag_values(argv, "--metrics-listen")
            if annotations.get("prometheus.io/scrape") != "true":
                problem(path, f"Deployment {name}: no prometheus.io/scrape: \"true\" annotation")
            port = annotations.get("prometheus.io/port")
            if port is None or not port.isdigit() or not metrics \
                    or metrics[0].rsplit(":", 1)[-1] != port or int(port) not in ports.values():
                problem(path, f"{where}: prometheus.io/port {port!r} is not the --metrics-listen "
                              f"port ({metrics[0] if metrics else 'no --metrics-listen'}) "
                              "or not a container port")
        for path_b, pdb in objects:
            if pdb.get("kind") != "PodDisruptionBudget":
                continue
            pspec = pdb.get("spec") or {}
            if not selects((pspec.get("selector") or {}).get("matchLabels"), labels):
                continue
            minimum = pspec.get("minAvailable")
            if isinstance(minimum, int) and minimum >= replicas:
                problem(path_b, f"PodDisruptionBudget {(pdb.get('metadata') or {}).get('name')}: "
                                f"minAvailable {minimum} of {replicas} replicas blocks every drain")
    pod_labels = [((o.get("spec") or {}).get("template") or {}).get("metadata", {}).get("labels")
                  or {} for _, o in deployments]
    port_names = {p.get("name") for _, o in deployments
                  for c in (((o.get("spec") or {}).get("template") or {}).get("spec") or {})
                  .get("containers") or []
                  for p in c.get("ports") or []}
    for path, obj in objects:
        kind, name = obj.get("kind"), (obj.get("metadata") or {}).get("name")
        if kind == "Service":
            selector = (obj.get("spec") or {}).get("selector")
            if not any(selects(selector, labels) for labels in pod_labels):
                problem(path, f"Service {name}: its selector {selector} selects no Deployment's pods")
            for port in (obj.get("spec") or {}).get("ports") or []:
                target = port.get("targetPort", port.get("port"))
                if isinstance(target, str) and target not in port_names:
                    problem(path, f"Service {name}: targetPort {target} is no container port's name")
        elif kind == "PodDisruptionBudget":
            selector = ((obj.get("spec") or {}).get("selector") or {}).get("matchLabels")
            if not any(selects(selector, labels) for labels in pod_labels):
                problem(path, f"PodDisruptionBudget {name}: its selector selects no Deployment's pods")


# --- Containerfile -----------------------------------------------------------------------------

def containerfile_instructions(path):
    """(line number, INSTRUCTION, arguments) of a Dockerfile, continuation lines joined."""
    instructions = []
    pending, start = "", 0
    for number, line in enumerate(open(path, encoding="utf-8"), 1):
        stripped = line.strip()
        if stripped.startswith("#") or (not stripped and pending):
            continue
        if not stripped:
            continue
        if not pending:
            start = number
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        pending += stripped
        word, _, rest = pending.partition(" ")
        instructions.append((start, word.upper(), rest.strip()))
        pending = ""
    if pending:
        problem(path, f"line {start}: an instruction ends with a line continuation")
    return instructions


def apt_packages(command):
    """Packages named by `apt-get install` in a shell command."""
    packages = []
    for part in re.split(r"&&|;|\|\|", command):
        words = part.split()
        if "apt-get" in words and "install" in words:
            for word in words[words.index("install") + 1:]:
                if not word.startswith("-"):
                    packages.append(word)
    return packages


def apt_cache(*args):
    """apt-cache's output; kept in $DEPLOYCHECK_APT_CACHE, when set, for the next run with the
    same arguments (scripts/check-deploy --self-test asks the same many times)."""
    cache = os.environ.get("DEPLOYCHECK_APT_CACHE")
    key = None
    if cache:
        key = os.path.join(cache, hashlib.sha256("\0".join(args).encode()).hexdigest())
        if os.path.exists(key):
            return open(key, encoding="utf-8").read()
    output = subprocess.run(["apt-cache", *args], capture_output=True, text=True).stdout
    if key:
        with open(key, "w", encoding="utf-8") as f:
            f.write(output)
    return output


def debian12_candidates(packages):
    """{package: True if Debian 12 (bookworm) has it}, from apt-cache policy."""
    found = {}
    block = None
    for line in apt_cache("policy", *packages).splitlines():
        if line and not line.startswith(" "):
            block = line.rstrip(":")
            found[block] = False
        elif block and re.search(r"\s(bookworm|bookworm-updates|bookworm-security)"
                                 r"(/updates)?/\w+\s", line + " "):
            found[block] = True
    return {p: found.get(p, False) for p in packages}


def dependency_closure(packages):
    output = apt_cache("depends", "--recurse", "--no-recommends", "--no-suggests",
                       "--no-conflicts", "--no-breaks", "--no-replaces", "--no-enhances", *packages)
    return {line.strip() for line in output.splitlines() if line and not line.startswith(" ")}


_library_owners = None


def owning_package(library):
    """The Debian package that installed a shared library (dpkg's file lists, read once)."""
    global _library_owners
    if _library_owners is None:
        _library_owners = {}
        for listing in glob.glob("/var/lib/dpkg/info/*.list"):
            package = os.path.basename(listing)[: -len(".list")]
            for line in open(listing, encoding="utf-8", errors="replace"):
                if ".so" in line:
                    _library_owners.setdefault(line.rstrip("\n"), package)
    candidates = [library, os.path.realpath(library)]
    for c in list(candidates):
        candidates.append(c[4:] if c.startswith("/usr/") else "/usr" + c)
    for c in candidates:
        if c in _library_owners:
            return _library_owners[c]
    return None


def loaded_libraries(binary):
    run = subprocess.run(["ldd", binary], capture_output=True, text=True)
    if run.returncode != 0:
        problem(binary, f"ldd cannot list the libraries it loads: {run.stderr.strip()}")
    libraries = []
    for line in run.stdout.splitlines():
        m = re.match(r"\s*(\S+)\s+=>\s+(\S+)", line)
        if m and m.group(2) == "not":
            libraries.append((m.group(1), None))
        elif m:
            libraries.append((m.group(1), m.group(2)))
        else:
            m = re.match(r"\s*(/\S+)\s+\(", line)
            if m:
                libraries.append((os.path.basename(m.group(1)), m.group(1)))
    return libraries


def dockerignore_regex(pattern):
    """A .dockerignore pattern as a regular expression (`**` spans directories, `*` does not)."""
    out, i = "", 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out, i = out + "(?:.*/)?", i + 3
        elif pattern.startswith("**", i):
            out, i = out + ".*", i + 2
        elif pattern[i] == "*":
            out, i = out + "[^/]*", i + 1
        elif pattern[i] == "?":
            out, i = out + "[^/]", i + 1
        else:
            out, i = out + re.escape(pattern[i]), i + 1
    return re.compile(out)


def ignored(path, patterns):
    """Whether .dockerignore patterns leave a context path out (the last matching one wins;
    a directory left out takes what is under it along)."""
    parts = path.strip("/").split("/")
    prefixes = ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]
    result = False
    for pattern in patterns:
        negate = pattern.startswith("!")
        regex = dockerignore_regex((pattern[1:] if negate else pattern).strip("/"))
        if any(regex.fullmatch(prefix) for prefix in prefixes):
            result = not negate
    return result


def executable_targets(repo):
    targets = set()
    for root, dirs, files in os.walk(repo):
        dirs[:] = [d for d in dirs if not d.startswith((".", "build")) and d != "node_modules"]
        if "CMakeLists.txt" in files:
            text = open(os.path.join(root, "CMakeLists.txt"), encoding="utf-8").read()
            targets.update(re.findall(r"add_executable\(\s*([\w.-]+)", text))
    return targets


def check_containerfile(deploy, repo, build):
    path = os.path.join(deploy, "Containerfile")
    try:
        instructions = containerfile_instructions(path)
    except OSError as e:
        problem(path, f"cannot be read: {e}")
        return
    os_release = open("/etc/os-release", encoding="utf-8").read()
    if "VERSION_CODENAME=bookworm" not in os_release:
        problem(path, "cannot check its packages: this machine is not Debian 12 (bookworm)")
        return

    stages = []  # {name, base, line, apt, cmake_build_dir, targets, copies}
    for line, word, args in instructions:
        if word == "FROM":
            m = re.match(r"(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$", args, re.I)
            if not m:
                problem(path, f"line {line}: FROM {args} does not parse")
                continue
            stages.append({"name": m.group(2), "base": m.group(1), "line": line, "apt": [],
                           "build_dir": None, "targets": set(), "copies": []})
            if m.group(1) != "debian:bookworm-slim":
                problem(path, f"line {line}: base image {m.group(1)}, not debian:bookworm-slim "
                              "(Debian 12, whose packages this check looks up)")
            continue
        if not stages:
            if word != "ARG":
                problem(path, f"line {line}: {word} before the first FROM")
            continue
        stage = stages[-1]
        if word == "RUN":
            stage["apt"] += [(line, p) for p in apt_packages(args)]
            m = re.search(r"cmake\s+(?:[^&;]*\s)?-B\s*(\S+)", args)
            if m:
                stage["build_dir"] = m.group(1)
            m = re.search(r"cmake\s+--build\s+\S+\s+--target\s+([^&;\\]+)", args)
            if m:
                stage["targets"].update(m.group(1).split())
        elif word in ("COPY", "ADD"):
            stage["copies"].append((line, word, args))
    if len(stages) < 2:
        problem(path, "is not a multi-stage build (a build stage, then the runtime stage)")
        return

    # Every package exists in Debian 12.
    all_packages = sorted({p for s in stages for _, p in s["apt"]})
    available = debian12_candidates(all_packages)
    for stage in stages:
        for line, package in stage["apt"]:
            if not available[package]:
                problem(path, f"line {line}: package {package} is not in Debian 12 "
                              "(apt-cache policy; after `apt-get update`)")

    # COPY sources exist.
    ignore_path = path + ".dockerignore"
    patterns = []
    if os.path.exists(ignore_path):
        patterns = [l.strip() for l in open(ignore_path, encoding="utf-8")
                    if l.strip() and not l.strip().startswith("#")]
    names = {s["name"]: s for s in stages if s["name"]}
    executables = executable_targets(repo)
    runtime = stages[-1]
    copied_binaries = []
    for stage in stages:
        for line, word, args in stage["copies"]:
            words = shlex.split(args)
            options = [w for w in words if w.startswith("--")]
            sources = [w for w in words if not w.startswith("--")][:-1]
            origin = next((o.split("=", 1)[1] for o in options if o.startswith("--from=")), None)
            if not sources:
                problem(path, f"line {line}: {word} names no source")
            if origin is None:
                for source in sources:
                    matched = glob.glob(os.path.join(repo, source))
                    if not matched:
                        problem(path, f"line {line}: {word} {source}: not in the build context "
                                      f"({repo})")
                    if source in (".", "./"):
                        for needed in ("CMakeLists.txt", "scripts/install-deps"):
                            if ignored(needed, patterns):
                                problem(ignore_path, f"leaves {needed} out of the context, which "
                                                     f"the build (line {line}) needs")
                    elif ignored(source.strip("/"), patterns):
                        problem(path, f"line {line}: {word} {source}: left out of the context by "
                                      f"{ignore_path}")
                continue
            source_stage = names.get(origin)
            if source_stage is None or stages.index(source_stage) >= stages.index(stage):
                problem(path, f"line {line}: --from={origin} is no earlier stage")
                continue
            for source in sources:
                directory, name = os.path.split(source)
                built_dir = source_stage["build_dir"]
                if built_dir is None or os.path.normpath(directory) != os.path.join(
                        os.path.normpath(built_dir), "bin"):
                    problem(path, f"line {line}: {source} is not in the bin/ directory of stage "
                                  f"{origin}'s CMake build ({built_dir}/bin)")
                elif name not in source_stage["targets"]:
                    problem(path, f"line {line}: {source}: stage {origin} does not build target "
                                  f"{name} (cmake --build --target ...)")
                elif name not in executables:
                    problem(path, f"line {line}: {name} is no add_executable() target of the "
                                  "CMake project")
                elif stage is runtime:
                    copied_binaries.append((line, name))

    # The runtime packages provide every library the binaries load.
    if not copied_binaries:
        problem(path, "the runtime stage copies no binary from the build stage")
    closure = dependency_closure([p for _, p in runtime["apt"]]) if runtime["apt"] else set()
    for line, name in copied_binaries:
        binary = os.path.join(build, "bin", name)
        if not os.path.isfile(binary):
            note(f"{binary} is not built: its libraries were not checked (run scripts/build)")
            continue
        for soname, library in loaded_libraries(binary):
            if soname.startswith("linux-vdso"):
                continue
            if library is None:
                problem(path, f"{binary} loads {soname}, which is not found on this machine")
                continue
            package = owning_package(library)
            if package is None:
                problem(path, f"{binary} loads {library}, which no Debian package provides")
            elif package.split(":")[0] not in closure:
                problem(path, f"line {line}: {name} loads {soname} (Debian package {package}), "
                              "which no package the runtime stage installs brings")


# --- flags -------------------------------------------------------------------------------------

def help_flags(argv):
    run = subprocess.run(argv + ["--help"], capture_output=True, text=True, timeout=30)
    if run.returncode != 0:
        return None
    return set(re.findall(r"(--[a-z][a-z0-9-]*)", run.stdout))


def invocations(deploy):
    """(file, where, argv) of every command line in deploy/ that runs chanceryd or chancery."""
    found = []
    unit = os.path.join(deploy, "chanceryd.service")
    for number, line in enumerate(open(unit, encoding="utf-8"), 1):
        if line.startswith("ExecStart="):
            found.append((unit, f"line {number}", shlex.split(line.split("=", 1)[1])))
    containerfile = os.path.join(deploy, "Containerfile")
    for line, word, args in containerfile_instructions(containerfile):
        if word == "ENTRYPOINT" or word == "CMD":
            argv = json.loads(args) if args.startswith("[") else shlex.split(args)
            found.append((containerfile, f"line {line} {word}", argv))
        elif word == "HEALTHCHECK":
            command = re.sub(r"^(--\S+\s+)*CMD\s+", "", args)
            argv = json.loads(command) if command.startswith("[") else shlex.split(command)
            if argv[:2] == ["/bin/sh", "-c"]:
                argv = shlex.split(argv[2].split("||")[0])
            found.append((containerfile, f"line {line} HEALTHCHECK", argv))
    compose = os.path.join(deploy, "compose.yaml")
    doc = yaml.safe_load(open(compose, encoding="utf-8")) or {}
    for name, service in (doc.get("services") or {}).items():
        found.append((compose, f"services.{name}", service_command(service)))
    for path, obj in load_kubernetes(deploy):
        pod = ((obj.get("spec") or {}).get("template") or {}).get("spec") or {}
        for c in pod.get("containers") or []:
            found.append((path, f"{obj.get('kind')} {(obj.get('metadata') or {}).get('name')} "
                                f"container "
                                f"{c.get('name')}",
                          [str(a) for a in (c.get("command") or []) + (c.get("args") or [])]))
    return [(p, w, a) for p, w, a in found if a and os.path.basename(a[0]) in ("chanceryd", "chancery")]


def check_flags(deploy, build):
    server = os.path.join(build, "bin", "chanceryd")
    cli = os.path.join(build, "bin", "chancery")
    if not (os.path.isfile(server) and os.path.isfile(cli)):
        note(f"{server} or {cli} is not built: flags not checked (run scripts/build)")
        return
    server_flags = help_flags([server])
    if server_flags is None:
        problem(server, "--help failed")
        return
    used = 0
    for path, where, argv in invocations(deploy):
        used += 1
        if os.path.basename(argv[0]) == "chanceryd":
            known, program = server_flags, "chanceryd"
        else:
            command = [a for a in argv[1:] if not a.startswith("-")][:2]
            known = None
            while command and known is None:
                known = help_flags([cli, *command])
                command = command[:-1]
            known = known or help_flags([cli]) or set()
            program = "chancery " + " ".join(a for a in argv[1:] if not a.startswith("-"))
        for arg in argv[1:]:
            if arg.startswith("--"):
                flag = arg.split("=", 1)[0]
                if flag not in known:
                    problem(path, f"{where}: {program} has no flag {flag} "
                                  f"(not in `{os.path.basename(argv[0])} --help` of {build})")
    if used == 0:
        problem(deploy, "no command line of chanceryd or chancery was found")


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    check, deploy = sys.argv[1], sys.argv[2]
    repo = sys.argv[3] if len(sys.argv) > 3 else "."
    build = sys.argv[4] if len(sys.argv) > 4 else os.path.join(repo, "build")
    checks = {
        "metrics": lambda: check_metrics(deploy),
        "dashboard": lambda: check_dashboard(deploy),
        "compose": lambda: check_compose(deploy),
        "kubernetes": lambda: check_kubernetes(deploy),
        "containerfile": lambda: check_containerfile(deploy, repo, build),
        "flags": lambda: check_flags(deploy, build),
    }
    if check not in checks:
        print(f"deploycheck: unknown check {check}; one of {', '.join(checks)}", file=sys.stderr)
        return 2
    checks[check]()
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
