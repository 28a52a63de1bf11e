"""Live scoreboard (Starlette on uvicorn): /stream pushes the full scoreboard as server-sent
events twice a second to every open browser; /health for the load balancer.
"""

import asyncio
import json
import logging
import random

from starlette.applications import Starlette
from starlette.responses import JSONResponse, StreamingResponse
from starlette.routing import Route

log = logging.getLogger("scoreboard")
MATCHES = [f"court-{n}" for n in range(24)]


def scoreboard():
    return {m: [random.randint(0, 40), random.randint(0, 40)] for m in MATCHES}


async def stream(request):
    async def events():
        n = 0
        while True:
            n += 1
            yield f"id: {n}\nevent: scores\ndata: {json.dumps(scoreboard())}\n\n"
            if n % 50 == 0:
                log.info("stream %s: %d updates sent", request.client.port, n)
            await asyncio.sleep(0.5)

    return StreamingResponse(events(), media_type="text/event-stream")


async def health(request):
    return JSONResponse({"ok": True})


logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
app = Starlette(routes=[Route("/stream", stream), Route("/health", health)])
