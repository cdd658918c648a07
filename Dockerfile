FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN python -m utopia.compilemessages \
 && DEBUG=true python manage.py collectstatic --noinput --verbosity 0
RUN useradd --create-home utopia
USER utopia
EXPOSE 8000
CMD ["gunicorn", "utopia.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "4", "--timeout", "30", "--forwarded-allow-ips", "*"]
