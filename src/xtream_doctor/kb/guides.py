"""The five public troubleshooting guides the knowledge base cites.

Rule files name them by file name (as kept in ``shared/guides/``); this list
lets the loader reject a misspelt citation even where the texts are absent.
"""

from __future__ import annotations

GUIDES: dict[str, str] = {
    "000_aecb2b6118ad169b.txt": "How to Fix IPTV Smarters Failed to Authorize (2026 Master Guide)",
    "001_87ca5caec89acc6d.txt": "IPTV Smarters Failed to Authorize: 5 Fixes That Actually Work",
    "002_98861340fc9694f3.txt": "Xtream Codes login issues (2026)",
    "003_0f79ee2a1df8645e.txt": "Fix Xtream Codes Error",
    "004_6fa7296f4c6943c3.txt": "Xtream Codes Connection Failed: Why It Happens and How to Fix It",
}
