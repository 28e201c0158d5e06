# socketserver's UDP server: each datagram handled by a thread, answered in upper case.
import socketserver, threading

class Upper(socketserver.BaseRequestHandler):
    def handle(self):
        data, sock = self.request
        print(f"{threading.current_thread().name}: {data!r} from {self.client_address}", flush=True)
        sock.sendto(data.upper(), self.client_address)

with socketserver.ThreadingUDPServer(('0.0.0.0', 9001), Upper) as server:
    server.serve_forever()
