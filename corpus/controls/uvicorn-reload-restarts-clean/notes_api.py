"""Team notes API (FastAPI), run in development with `uvicorn notes_api:app --reload`."""

import time

from fastapi import FastAPI

app = FastAPI()
notes = {1: {"title": "on-call handover", "updated": time.time()}}


@app.get("/notes")
async def list_notes():
    return notes


@app.get("/notes/{note_id}")
async def get_note(note_id: int):
    return notes.get(note_id, {})
