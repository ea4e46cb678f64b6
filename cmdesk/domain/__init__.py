"""Pure business rules of the desk: identifiers, money, tiers, masking (no database, no Qt)."""
