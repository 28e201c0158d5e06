# The urgent-data lab's client: send a message with urgent bytes in it, then close.
# argv: HOST PORT MESSAGE — MESSAGE's pieces are separated by '|', one send each; a piece
# starting with '!' is sent with MSG_OOB without that '!' (its last byte is the urgent one);
# '#N' stands for N bytes of 'x'.
import socket, sys, time
host, port, message = sys.argv[1], int(sys.argv[2]), sys.argv[3]
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.connect((host, port))
for piece in message.split('|'):
    oob = piece.startswith('!')
    text = piece[1:] if oob else piece
    data = b'x' * int(text[1:]) if text.startswith('#') else text.encode()
    s.sendall(data, socket.MSG_OOB if oob else 0)
    time.sleep(0.01)  # each piece its own segment, acknowledged before the next
s.close()
print('sent', message, flush=True)
