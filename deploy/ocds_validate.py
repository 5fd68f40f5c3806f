"""Validate OCDS 1.1 release packages with libcoveocds, offline.

Usage: python deploy/ocds_validate.py [--data-dir data/ocds] [FILE...] [--expect-invalid FILE]...

Every FILE must be valid; every `--expect-invalid` file (a negative control, e.g. a deliberately broken
package) must be reported invalid.

libcoveocds normally downloads the standard (a ZIP of open-contracting/standard from codeload.github.com)
and every extension named in a package's `extensions` (extension.json, release-schema.json, codelists from
raw.githubusercontent.com). This wrapper serves all of them from the committed copies in `data/ocds/`:

- the standard: `LibCoveOCDSConfig.config["standard_zip"]` accepts the bytes of a ZIP; we build one in
  memory from `data/ocds/standard-1.1/schema/` with the layout ocdsextensionregistry expects
  (`<top>/schema/...`, tag >= 1__1__5);
- the extensions: ocdsextensionregistry fetches through one `requests` session
  (`ocdsextensionregistry.util.session`, also imported by `extension_version`); we replace it with a
  session whose transport adapter answers, from the local folders, the extension URLs listed in
  `data/ocds/manifest.json` (`https://raw.githubusercontent.com/open-contracting-extensions/<repo>/<ref>/<file>`)
  and GitHub's archive of the same ref (`https://github.com/<repo>/archive/<ref>.zip`, which
  ocdsextensionregistry prefers), and 404 for anything else. libcoveocds (in its API context) silently
  skips an extension whose files answer 404, so this wrapper itself fails a package that declares an
  extension not listed in the manifest, and any file the adapter could not serve during its validation;
- the package schema's `$ref` to the release schema is resolved by libcoveocds itself from an in-memory
  registry keyed by the standard.open-contracting.org URL.

As a guard, every socket connection is refused before libcoveocds runs: a run that succeeds has proved
that nothing was fetched from the network.

Exit status: 0 when every FILE is valid and every `--expect-invalid` file is invalid, 1 otherwise, 2 on bad
usage.
An error is: a JSON Schema validation error, an extension that is not one of the committed copies or could
not be applied, a file libcoveocds asked for that is not available offline, a value outside a
closed codelist, a field the schema does not define ("additional field"), an empty field or object, or a
dereferencing error. Values outside open codelists (e.g. our item classification scheme) are listed as notes.
"""

import argparse
import io
import json
import os
import socket
import sys
import tempfile
import zipfile

import requests
from requests.adapters import BaseAdapter

STANDARD_TAG = "1__1__5"


def refuse_network():
    """Make every outgoing connection fail, so that a successful run proves offline validation."""

    def refuse(*args, **kwargs):
        raise OSError("ocds-validate: network access is disabled (all schema files are local)")

    socket.socket.connect = refuse
    socket.socket.connect_ex = refuse
    socket.create_connection = refuse
    socket.getaddrinfo = refuse


def standard_zip_bytes(standard_dir):
    """A ZIP of the standard's `schema/` folder, laid out as ocdsextensionregistry reads it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("standard/", "")
        schema_dir = os.path.join(standard_dir, "schema")
        for root, dirs, files in os.walk(schema_dir):
            dirs.sort()
            for name in sorted(files):
                path = os.path.join(root, name)
                relative = os.path.relpath(path, standard_dir).replace(os.sep, "/")
                archive.write(path, arcname=f"standard/{relative}")
    return buffer.getvalue()


class LocalExtensionAdapter(BaseAdapter):
    """Answers GETs of the known extensions' files and archives from local folders; everything else is a 404."""

    def __init__(self, data_dir, extensions):
        super().__init__()
        self.roots = {}
        self.archives = {}
        self.known = {extension["url"] for extension in extensions}
        self.misses = []
        for extension in extensions:
            url = extension["url"]
            assert url.endswith("/extension.json"), url
            folder = os.path.join(data_dir, extension["folder"])
            self.roots[url[: -len("extension.json")]] = folder
            # ocdsextensionregistry prefers GitHub's archive of the ref (all files at once) to single files.
            archive = f"https://github.com/{extension['repository']}/archive/{extension['ref']}.zip"
            self.archives[archive] = (folder, f"{extension['repository'].split('/')[1]}-{extension['ref']}/")

    @staticmethod
    def zip_folder(folder, top):
        """A ZIP of a folder under one top-level directory, like GitHub's archive download."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr(top, "")
            for root, dirs, files in os.walk(folder):
                dirs.sort()
                for name in sorted(files):
                    path = os.path.join(root, name)
                    archive.write(path, arcname=top + os.path.relpath(path, folder).replace(os.sep, "/"))
        return buffer.getvalue()

    def send(self, request, **kwargs):
        response = requests.Response()
        response.url = request.url
        response.request = request
        response.status_code = 404
        response.reason = "Not Found"
        if request.url in self.archives:
            response._content = self.zip_folder(*self.archives[request.url])
            response.status_code = 200
            response.reason = "OK"
            return response
        for base, folder in self.roots.items():
            if request.url.startswith(base):
                relative = request.url[len(base) :]
                path = os.path.normpath(os.path.join(folder, relative))
                if path.startswith(os.path.normpath(folder) + os.sep) and os.path.isfile(path):
                    with open(path, "rb") as f:
                        response._content = f.read()
                    response.status_code = 200
                    response.reason = "OK"
                break
        if response.status_code == 404:
            response._content = b""
            self.misses.append(request.url)
        return response

    def close(self):
        pass


def configure(data_dir):
    """Point libcoveocds and ocdsextensionregistry at the committed files; return a config and the adapter."""
    import ocdsextensionregistry.extension_version
    import ocdsextensionregistry.util
    from libcoveocds.config import LibCoveOCDSConfig

    with open(os.path.join(data_dir, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    assert manifest["standard"]["tag"] == STANDARD_TAG, manifest["standard"]["tag"]

    # A plain session (not the module's requests-cache session, whose cache wants a urllib3 response) that
    # answers every http(s) URL with the adapter. Both modules that hold the session get the replacement.
    adapter = LocalExtensionAdapter(data_dir, manifest["extensions"])
    session = requests.Session()
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    ocdsextensionregistry.util.session = session
    ocdsextensionregistry.extension_version.session = session

    config = LibCoveOCDSConfig()
    config.config["standard_zip"] = standard_zip_bytes(os.path.join(data_dir, manifest["standard"]["folder"]))
    config.config["context"] = "api"
    config.config["additional_checks"] = "all"
    config.config["skip_aggregates"] = True
    return config, adapter


def problems(result):
    """The errors of one libcoveocds result, as printable lines, and the notes."""
    errors, notes = [], []
    for error in result.get("validation_errors", []):
        errors.append(f"schema: {error['path'] or error['field']}: {error['description']}")
    extensions = result.get("extensions") or {}
    for url, reason in (extensions.get("invalid_extension") or {}).items():
        errors.append(f"extension not applied: {url}: {reason}")
    for path, info in (result.get("additional_closed_codelist_values") or {}).items():
        errors.append(f"closed codelist {info.get('codelist')}: {path}: {sorted(info.get('values', []))}")
    for field in result.get("additional_fields", []):
        errors.append(f"field not in the schema: {field['path']}/{field['field']} ({field['usage_count']}x)")
    for check, outputs in (result.get("additional_checks") or {}).items():
        for output in outputs:
            errors.append(f"{check}: {output.get('json_location')}")
    if result.get("json_deref_error"):
        errors.append(f"schema dereferencing: {result['json_deref_error']}")
    # One note per open codelist and set of values, however many paths use them.
    open_values = {}
    for path, info in (result.get("additional_open_codelist_values") or {}).items():
        key = (info.get("codelist"), tuple(sorted(info.get("values", []))))
        open_values.setdefault(key, []).append(path)
    for (codelist, values), paths in open_values.items():
        notes.append(f"value outside the open codelist {codelist} (allowed): {list(values)} at {', '.join(sorted(paths))}")
    return errors, notes


def check(path, config, adapter):
    """Validates one file; prints its notes; returns the list of errors (empty when valid)."""
    import libcoveocds.api

    try:
        with open(path, "rb") as f:
            data = json.loads(f.read())
    except (OSError, ValueError) as e:
        return [f"cannot read JSON: {e}"]
    if not isinstance(data, dict) or "releases" not in data:
        return ["not a release package (no 'releases')"]
    declared = data.get("extensions") or []
    unknown = [url for url in declared if url not in adapter.known] if isinstance(declared, list) else []
    adapter.misses.clear()
    with tempfile.TemporaryDirectory(prefix="ocds-validate-") as work:
        result = libcoveocds.api.ocds_json_output(
            work, path, "1.1", json_data=data, lib_cove_ocds_config=config, record_pkg=False
        )
    errors, notes = problems(result)
    errors += [f"extension not available offline (not in data/ocds/manifest.json): {url}" for url in unknown]
    errors += [f"file not available offline: {url}" for url in sorted(set(adapter.misses))]
    for note in notes:
        print(f"{path}: note: {note}")
    if not errors:
        applied = [e.get("url") for e in (result.get("extensions") or {}).get("extensions", [])]
        releases = len(data.get("releases") or [])
        print(f"{path}: valid OCDS 1.1 release package ({releases} releases, {len(applied)} extensions applied)")
    return errors


def main(argv):
    parser = argparse.ArgumentParser(description="Validate OCDS 1.1 release packages offline with libcoveocds.")
    parser.add_argument("--data-dir", default=os.path.join(os.path.dirname(__file__), "..", "data", "ocds"))
    parser.add_argument(
        "--expect-invalid",
        action="append",
        default=[],
        metavar="FILE",
        help="a package that must be reported invalid (a negative control); may be repeated",
    )
    parser.add_argument("files", nargs="*", metavar="FILE", help="a package that must be valid")
    args = parser.parse_intermixed_args(argv)
    if not args.files and not args.expect_invalid:
        parser.error("no files")

    refuse_network()
    config, adapter = configure(os.path.abspath(args.data_dir))

    failed = 0
    for path in args.files:
        errors = check(path, config, adapter)
        if errors:
            failed += 1
            for error in errors:
                print(f"{path}: error: {error}")
            print(f"{path}: INVALID (errors: {len(errors)})")
    for path in args.expect_invalid:
        errors = check(path, config, adapter)
        if errors:
            print(f"{path}: invalid, as expected (errors: {len(errors)}; first: {errors[0]})")
        else:
            failed += 1
            print(f"{path}: UNEXPECTEDLY VALID: the validator missed a deliberate fault")
    total = len(args.files) + len(args.expect_invalid)
    print(f"ocds-validate: {total - failed} of {total} files as expected" + ("" if failed else " (all)"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
