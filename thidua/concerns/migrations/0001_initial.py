"""Issues of public concern move out of the plans app: their tables stay as they are.

State only: ``concerns.ConcernIssue`` takes over the existing tables ``plans_concernissue``
and ``plans_concernissue_referred_to`` (no SQL is run; ``plans.0002`` drops the model from
the plans state). The one data change: the content type of the model is renamed from
plans to concerns, so that the change log (and any attachment) of existing issues keeps
pointing at them.
"""

import django.db.models.deletion
from django.db import migrations, models


def rename_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if ContentType.objects.using(db).filter(app_label="concerns", model="concernissue").exists():
        return  # already there (e.g. created by hand): leave both rows alone
    ContentType.objects.using(db).filter(app_label="plans", model="concernissue").update(
        app_label="concerns"
    )


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('orgunits', '0001_initial'),
        ('plans', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ConcernIssue',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                        ('version', models.PositiveIntegerField(default=1, editable=False)),
                        ('summary', models.TextField(verbose_name='summary of the issue')),
                        ('category', models.CharField(choices=[('policy', 'policy and law'), ('land', 'land and construction'), ('environment', 'environment'), ('social', 'social welfare, health and education'), ('infrastructure', 'infrastructure and transport'), ('administration', 'administrative procedures'), ('other', 'other')], max_length=16, verbose_name='category')),
                        ('channel', models.CharField(choices=[('voters', 'meeting with voters'), ('press', 'press and media'), ('letter', 'letter or petition'), ('meeting', 'conference or meeting'), ('other', 'other')], default='other', max_length=10, verbose_name='raised through')),
                        ('raised_where', models.CharField(max_length=300, verbose_name='where raised')),
                        ('raised_on', models.DateField(verbose_name='when raised')),
                        ('raiser_contact', models.CharField(blank=True, help_text="Only if the person asked for a reply. Shown to the recording unit's managers only, never exported, erased when the issue is closed.", max_length=300, verbose_name='contact of the person who raised it (optional)')),
                        ('state', models.CharField(choices=[('recorded', 'recorded'), ('referred', 'sent to the standing committees'), ('forwarded', 'forwarded to the competent body'), ('answered', 'answered'), ('closed', 'closed')], default='recorded', max_length=10, verbose_name='state')),
                        ('request_text', models.TextField(blank=True, verbose_name='written request')),
                        ('answer_due', models.DateField(blank=True, null=True, verbose_name='answer requested by')),
                        ('forwarded_on', models.DateField(blank=True, null=True)),
                        ('answer', models.TextField(blank=True, verbose_name='answer')),
                        ('answered_on', models.DateField(blank=True, null=True, verbose_name='answered on')),
                        ('closed_on', models.DateField(blank=True, null=True, verbose_name='closed on')),
                        ('close_note', models.TextField(blank=True, verbose_name='closing note')),
                        ('reopen_count', models.PositiveSmallIntegerField(default=0)),
                        ('urge_count', models.PositiveIntegerField(default=0)),
                        ('last_urged_on', models.DateField(blank=True, null=True)),
                        ('competent_unit', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='concerns_to_answer', to='orgunits.orgunit', verbose_name='competent body')),
                        ('referred_to', models.ManyToManyField(blank=True, related_name='referred_concerns', to='orgunits.orgunit', verbose_name='standing committees')),
                        ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='recorded_concerns', to='orgunits.orgunit', verbose_name='recorded by')),
                        ('plan', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='concerns', to='plans.plan', verbose_name='under plan')),
                    ],
                    options={
                        'verbose_name': 'issue of public concern',
                        'ordering': ['-raised_on', '-id'],
                        'db_table': 'plans_concernissue',
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(rename_content_type, migrations.RunPython.noop),
    ]
