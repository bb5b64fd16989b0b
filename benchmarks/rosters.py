"""Realistic generated rosters for benchmarks: schools of 1-5 DSLs, hubs of about ten
schools, about 85% trained, 10% part-time, some capacity-2 volunteers, a trust lead per
hub, and History. Seeded, so every run measures the same rosters."""

from __future__ import annotations

import random

from peerpair.pairing.roster import WEEKDAYS, PastPair, Person, Roster


def generated_roster(people: int, seed: int = 0) -> Roster:
    rng = random.Random(seed)
    staff: list[Person] = []
    school = 0
    while len(staff) < people:
        size = rng.randint(1, 5)
        hub = f"Hub {school // 10 + 1}"
        for _ in range(min(size, people - len(staff))):
            i = len(staff)
            staff.append(
                Person(
                    id=f"{1000 + i}",
                    name=f"Person {i}",
                    school=f"School {school}",
                    hub=hub,
                    supervision_trained=rng.random() < 0.85,
                    capacity=2 if rng.random() < 0.05 else 1,
                    working_days=frozenset(rng.sample(WEEKDAYS, 3))
                    if rng.random() < 0.10
                    else frozenset(WEEKDAYS),
                )
            )
        school += 1
    hubs = sorted({p.hub for p in staff})
    staff += [
        Person(
            id=f"T{n}",
            name=f"Trust lead {n}",
            school="Central team",
            hub=hub,
            role="Trust Safeguarding Lead",
            supervision_trained=True,
        )
        for n, hub in enumerate(hubs, start=1)
    ]
    history = []
    for _ in range(people):
        a, b = rng.sample(staff, 2)
        if a.school != b.school:
            history.append(PastPair(supervisor_id=a.id, supervisee_id=b.id))
    return Roster(people=tuple(staff), history=tuple(history))
