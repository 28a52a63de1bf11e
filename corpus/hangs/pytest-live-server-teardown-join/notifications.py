"""Notification hub: a Starlette app that lets browsers follow account events over server-sent
events (/events) and lists recent ones (/recent)."""

import asyncio
import json

from starlette.applications import Starlette
from starlette.responses import JSONResponse, StreamingResponse
from starlette.routing import Route

RECENT = [{"id": 1, "kind": "invoice.paid"}, {"id": 2, "kind": "user.invited"}]


async def recent(request):
    return JSONResponse(RECENT)


async def events(request):
    async def stream():
        n = 0
        while True:
            n += 1
            yield f"id: {n}\nevent: heartbeat\ndata: {json.dumps({'seq': n})}\n\n"
            await asyncio.sleep(1.0)

    return StreamingResponse(stream(), media_type="text/event-stream")


app = Starlette(routes=[Route("/recent", recent), Route("/events", events)])
