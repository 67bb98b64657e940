import hashlib


def hash_key(key: str) -> str:
    """Only this digest of an API token is stored."""
    return hashlib.sha256(key.encode()).hexdigest()
