#!/usr/bin/env python3
"""Prints a loopback TCP port that is free now and lies below the kernel's ephemeral range (32768+ on Linux),
so an outgoing connection cannot take it between this check and the server's bind (kernel-chosen port 0
would come from that very range)."""
import random, socket
low, high = 20000, 32000
for _ in range(200):
    port = random.randrange(low, high)
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", port))
    except OSError:
        continue
    finally:
        s.close()
    print(port)
    break
else:
    raise SystemExit("free-port: no free port between 20000 and 32000")
