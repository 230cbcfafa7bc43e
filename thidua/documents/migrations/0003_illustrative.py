
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('documents', '0002_document_types'),
    ]

    operations = [
        migrations.AddField(
            model_name='document',
            name='illustrative',
            field=models.BooleanField(default=False, help_text='The number and symbol are invented (demo, training): every document that prints them marks them “minh họa”.', verbose_name='illustrative number'),
        ),
    ]
