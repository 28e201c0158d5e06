# What a student asks the resolver about its own machine (answered from /etc/hosts, no DNS):
# its name, address and FQDN, localhost, getaddrinfo with and without a socket type, and the
# name of an address.
import socket

me = socket.gethostname()
print('hostname', me)
print('own', socket.gethostbyname(me))
print('fqdn', socket.getfqdn())
for name in (me, 'localhost'):
    print(name == me and 'me' or name, socket.gethostbyname_ex(name)[1:])
print(sorted(set(ai[4] for ai in socket.getaddrinfo(me, 8889, socket.AF_INET, socket.SOCK_STREAM))))
print(sorted(set((ai[1], ai[4]) for ai in socket.getaddrinfo('localhost', 8889, socket.AF_INET))))
print(socket.gethostbyaddr('127.0.0.1'))
