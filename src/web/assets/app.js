// Selaras console script: draws the charts described by <script type="application/json"
// data-chart> blocks, and asks before a form marked data-confirm is sent. Pages work without it.
(() => {
  function drawCharts() {
    if (typeof window.Chart !== 'function') return;
    document.querySelectorAll('script[type="application/json"][data-chart]').forEach((block) => {
      var canvas = document.getElementById(block.getAttribute('data-chart'));
      if (!canvas) return;
      var spec = JSON.parse(block.textContent || '{}');
      spec.options = Object.assign(
        { responsive: true, maintainAspectRatio: false, animation: false },
        spec.options || {},
      );
      var chart = new window.Chart(canvas, spec);
      canvas.setAttribute('data-rendered', String(chart.data.datasets.length));
    });
  }
  function confirmForms() {
    document.querySelectorAll('form[data-confirm]').forEach((form) => {
      form.addEventListener('submit', (event) => {
        if (!window.confirm(form.getAttribute('data-confirm'))) event.preventDefault();
      });
    });
  }
  document.addEventListener('DOMContentLoaded', () => {
    drawCharts();
    confirmForms();
  });
})();
