"""ConcernIssue moved to the concerns app (concerns.0001): dropped from the plans state only.

Its tables (``plans_concernissue``, ``plans_concernissue_referred_to``) and rows stay; they
now belong to ``concerns.ConcernIssue``.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('concerns', '0001_initial'),
        ('plans', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='ConcernIssue'),
            ],
            database_operations=[],
        ),
    ]
