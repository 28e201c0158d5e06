"""An HTTP client on the standard library: urllib.request's GET, then http.client's POST."""
import http.client
import json
import sys
import urllib.request

host = sys.argv[1]
with urllib.request.urlopen(f'http://{host}:8000/index.html', timeout=5) as r:
    print(r.status, r.reason, r.headers['Content-Type'], r.headers['Content-Length'])
    print(r.read().decode().strip())
c = http.client.HTTPConnection(host, 8000, timeout=5)
c.request('POST', '/data', body=json.dumps({'nama': 'budi', 'nrp': 5025}), headers={'Content-Type': 'application/json'})
r = c.getresponse()
print(r.status, r.reason, r.read().decode())
c.close()
