FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
# The build steps live in bin/build, which CI runs too before its smoke test of the production path (bin/smoke).
RUN PYTHON=python bin/build
RUN useradd --create-home utopia
USER utopia
EXPOSE 8000
CMD ["gunicorn", "utopia.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "4", "--timeout", "30", "--forwarded-allow-ips", "*"]
