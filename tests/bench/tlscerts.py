"""A throwaway certificate authority and server certificate for the benchmark's TLS servers.

Made with `openssl` at run time into the servers' temporary prefix, deleted with it, never
committed: a CA that every tool is told to trust (curl --cacert, wget2 and aria2c
--ca-certificate, gather --ca-certificate), and a certificate for 127.0.0.1 and localhost
signed by it. ECDSA P-256, as most public sites now serve; the handshake is a few milliseconds
per connection and every tool keeps its connections, so the key type barely shows in the times.
"""

import os
import shutil
import subprocess

DAYS = "2"


def _openssl(args, folder):
    done = subprocess.run(["openssl", *args], cwd=folder, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"openssl {' '.join(args[:2])} failed:\n{done.stderr.strip()}")


def make(folder):
    """Writes ca.pem, server.pem and server.key into folder; returns their paths."""
    if not shutil.which("openssl"):
        raise RuntimeError("openssl not found (scripts/bench installs it)")
    os.makedirs(folder, exist_ok=True)
    curve = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    _openssl(["req", "-x509", *curve, "-keyout", "ca.key", "-out", "ca.pem", "-days", DAYS,
              "-subj", "/CN=Gather benchmark CA",
              "-addext", "basicConstraints=critical,CA:TRUE",
              "-addext", "keyUsage=critical,keyCertSign,cRLSign"], folder)
    _openssl(["req", *curve, "-keyout", "server.key", "-out", "server.csr",
              "-subj", "/CN=127.0.0.1"], folder)
    with open(os.path.join(folder, "server.ext"), "w", encoding="utf-8") as f:
        f.write("basicConstraints=CA:FALSE\n"
                "keyUsage=critical,digitalSignature\n"
                "extendedKeyUsage=serverAuth\n"
                "subjectAltName=IP:127.0.0.1,DNS:localhost\n")
    _openssl(["x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
              "-CAcreateserial", "-out", "server.pem", "-days", DAYS,
              "-extfile", "server.ext"], folder)
    return {"ca": os.path.join(folder, "ca.pem"), "server": os.path.join(folder, "server.pem"),
            "key": os.path.join(folder, "server.key")}
