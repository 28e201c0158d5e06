"""python3 rusage.py OUT CMD ARG...: runs CMD with its standard output written to the file OUT and
prints "<exit status> <wall seconds> <peak RSS in KiB> <CPU seconds>"; the peak and the CPU time
(user + system) are the child's, from getrusage(RUSAGE_CHILDREN) (ru_maxrss is KiB on Linux).
Used by the bench for whole processes; CPU time compares tools fairly on a loaded machine."""
import resource
import subprocess
import sys
import time

out, cmd = sys.argv[1], sys.argv[2:]
with open(out, 'wb') as f:
    t0 = time.perf_counter()
    done = subprocess.run(cmd, stdout=f)
    secs = time.perf_counter() - t0
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(done.returncode, secs, usage.ru_maxrss, usage.ru_utime + usage.ru_stime)
