#!/usr/bin/env python3
"""Writes tests/fixtures/legacy_hashes.csv: password hashes made by tools
independent of the portal (argon2-cffi and pyca/bcrypt), for the tests of
`employee import`'s password_hash column.

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install argon2-cffi bcrypt
    /tmp/venv/bin/python scripts/legacy-hashes.py > tests/fixtures/legacy_hashes.csv

Each run makes new salts; the tests only need the hashes to verify.
Columns: scheme, the password, its hash. Small costs keep the tests quick;
`argon2id-default` is argon2-cffi's own default (64 MiB, t=3, p=4).
"""
import argon2
import bcrypt

PASSWORD = "Lama#Sistem-2019"
UNICODE = "Ｋｏｐｉ-Ｌａｍａ-2018"  # full-width: its NFKC form differs

def argon(kind, password, **cost):
    return argon2.PasswordHasher(type=kind, **cost).hash(password)

print("scheme,password,hash")
small = dict(time_cost=2, memory_cost=4096, parallelism=2)
print(f"argon2id,{PASSWORD},{argon(argon2.Type.ID, PASSWORD, **small)}")
print(f"argon2i,{PASSWORD},{argon(argon2.Type.I, PASSWORD, **small)}")
print(f"argon2id-default,{PASSWORD},{argon(argon2.Type.ID, PASSWORD)}")
print(f"bcrypt-2b,{PASSWORD},{bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(rounds=6)).decode()}")
two_a = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(rounds=6, prefix=b"2a")).decode()
print(f"bcrypt-2a,{PASSWORD},{two_a}")
# PHP's password_hash writes $2y$, the same algorithm as $2b$.
print(f"bcrypt-2y,{PASSWORD},{'$2y$' + two_a[4:]}")
print(f"bcrypt-unicode,{UNICODE},{bcrypt.hashpw(UNICODE.encode(), bcrypt.gensalt(rounds=6)).decode()}")
print(f"argon2d,{PASSWORD},{argon(argon2.Type.D, PASSWORD, **small)}")
# Shapes only, never verified: the import refuses them for their cost.
print(f"argon2id-costly,{PASSWORD},$argon2id$v=19$m=1048576,t=1,p=1$c2FsdHNhbHRzYWx0${'A' * 43}")
costly = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(rounds=4)).decode()
print(f"bcrypt-costly,{PASSWORD},$2b$17${costly[7:]}")
