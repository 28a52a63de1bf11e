import time

print("napping between checks", flush=True)
while True:
    time.sleep(0.5)
