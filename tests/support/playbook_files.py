"""Write team playbook files for tests (valid ones, long ones, broken ones)."""

from __future__ import annotations

from pathlib import Path

import yaml


def write_long_playbook(directory: Path, case: str = "long_case", steps: int = 45) -> Path:
    """A valid playbook with many steps, long enough to need several Slack messages."""
    document = {
        "case": case,
        "number": 7,
        "title": {"en": "A very long drill", "es": "Un simulacro muy largo", "zh": "一次很长的演练"},
        "summary": {"en": "Many steps.", "es": "Muchos pasos.", "zh": "很多步骤。"},
        "steps": [
            {
                "key": f"step_{index:02d}",
                "phase": ["assess", "respond", "publish", "engage", "follow-up"][index * 5 // steps],
                "owner": "anyone",
                "deadline": "12h" if index == 3 else None,
                "text": {
                    "en": f"Step {index}: " + "do the thing carefully " * 10,
                    "es": f"Paso {index}: hazlo con cuidado",
                    "zh": f"第 {index} 步：仔细去做",
                },
                "guidance": {"en": "Because.", "es": "Porque sí.", "zh": "因为。"} if index % 2 else None,
            }
            for index in range(steps)
        ],
    }
    for step in document["steps"]:
        for optional in ("deadline", "guidance"):
            if step[optional] is None:
                del step[optional]
    path = directory / f"{case}.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
