"""An HTTP server on the standard library's http.server, as a course moves on from raw sockets.

Serves two requests (a GET of a page, a POST it answers in upper case), then ends. Its log lines
leave out the date BaseHTTPRequestHandler would print, so they read the same on every run.
"""
import http.server

PAGE = b'<html><body><h1>Pemrograman Jaringan</h1><p>served by http.server</p></body></html>\n'


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path != '/index.html':
            self.send_error(404, 'File not found')
            return
        self.send_response(200)
        self.send_header('Content-Type', 'text/html')
        self.send_header('Content-Length', str(len(PAGE)))
        self.end_headers()
        self.wfile.write(PAGE)

    def do_POST(self):
        body = self.rfile.read(int(self.headers['Content-Length']))
        answer = body.upper()
        self.send_response(201, 'Created')
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, format, *args):
        print(self.address_string(), format % args, flush=True)


with http.server.HTTPServer(('', 8000), Handler) as server:
    print('serving on port 8000', flush=True)
    server.handle_request()
    server.handle_request()
print('two requests served')
