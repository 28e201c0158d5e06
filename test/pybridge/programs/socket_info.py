# The lab's socket_info.py (LAB.md): own name and address, remote lookups, a socket's timeout
# and getaddrinfo. The remote hosts may be given as arguments (the typo task).
import socket
import sys

remote_hosts = sys.argv[1:] or ['www.espnfc.com', 'www.its.ac.id']


def get_my_info():
    hostname = socket.gethostname()
    print(f"hostname : {hostname}")
    ip_address = socket.gethostbyname(hostname)
    print(f"ipaddress: {ip_address}")


def get_remote_info(remote_host):
    try:
        remote_host_ip = socket.gethostbyname(remote_host)
        print(f"ip address dari {remote_host} adalah {remote_host_ip}")
    except Exception as ee:
        print(f"ERROR : {str(ee)}")


def get_my_socket():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    print(f"timeout : {s.gettimeout()}")
    s.settimeout(10)
    print(f"timeout : {s.gettimeout()}")
    print(socket.getaddrinfo('www.its.ac.id', 80, proto=socket.IPPROTO_TCP))
    s.close()


if __name__ == '__main__':
    get_my_info()
    for host in remote_hosts:
        get_remote_info(host)
    get_my_socket()
