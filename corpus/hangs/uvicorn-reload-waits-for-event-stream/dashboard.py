"""Ops dashboard backend (FastAPI), run in development with `uvicorn dashboard:app --reload`.
GET /events streams deployment events to the browser (server-sent events); GET /deployments lists
the recent ones."""

import asyncio
import json
import time

from fastapi import FastAPI
from fastapi.responses import StreamingResponse

app = FastAPI()
deployments = [{"service": "checkout", "version": "2.14.1", "at": time.time()}]


@app.get("/deployments")
async def list_deployments():
    return deployments


async def event_stream():
    sent = 0
    while True:
        while sent < len(deployments):
            yield f"data: {json.dumps(deployments[sent])}\n\n"
            sent += 1
        yield ": keep-alive\n\n"
        await asyncio.sleep(2)


@app.get("/events")
async def events():
    return StreamingResponse(event_stream(), media_type="text/event-stream")
