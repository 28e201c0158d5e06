# socketserver.ThreadingTCPServer with a StreamRequestHandler: the stdlib's own server loop
# (selectors with a poll interval, a thread per request).
import socketserver
import sys


class Echo(socketserver.BaseRequestHandler):
    def handle(self):
        print('handling', self.client_address, flush=True)
        while data := self.request.recv(32):
            self.request.sendall(data)


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True


with Server(('0.0.0.0', int(sys.argv[1]) if len(sys.argv) > 1 else 8889), Echo) as server:
    server.serve_forever()
