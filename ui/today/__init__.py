"""今日: the desk's home view — today's diary, who is due for contact, follow-ups due,
important changes to report, key contacts' birthdays; each line opens what it names."""
