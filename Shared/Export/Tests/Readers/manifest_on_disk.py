"""Reads a Ferry manifest and the files it lists straight from disk (json, os, hashlib: nothing of Ferry's code),
so the Swift tests compare every field with what is really there.

usage: manifest_on_disk.py DIRECTORY MANIFEST_FILE_NAME
prints {"keys": [top-level keys in file order], "manifest": {...}, "sha256": hex of the manifest's bytes,
        "disk": [{"fileName", "fileSize", "hashValue"} of each listed file, null when missing]}
"""
import hashlib, json, os, sys

directory, name = sys.argv[1], sys.argv[2]
with open(os.path.join(directory, name), "rb") as f:
    raw = f.read()
pairs = json.loads(raw, object_pairs_hook=list)
manifest = json.loads(raw)
disk = []
for detail in manifest["fileDetails"]:
    path = os.path.join(directory, detail["fileName"])
    if not os.path.exists(path):
        disk.append(None)
        continue
    with open(path, "rb") as f:
        data = f.read()
    disk.append({"fileName": detail["fileName"], "fileSize": len(data), "hashValue": hashlib.sha256(data).hexdigest()})
print(json.dumps({"keys": [k for k, _ in pairs], "manifest": manifest, "sha256": hashlib.sha256(raw).hexdigest(),
                  "disk": disk}))
