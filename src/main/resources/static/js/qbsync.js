// The Sync Wizard's and Unsynced Entities' "select all" boxes: one per section, ticking every row of it. Each box
// follows its rows (ticked when every row that can be is), and the count next to the button says how many are checked.
document.addEventListener('DOMContentLoaded', function () {
	function rows(section) {
		return Array.from(document.querySelectorAll('input.check[data-section="' + section + '"]'))
			.filter(function (box) { return !box.disabled; });
	}
	function refresh() {
		document.querySelectorAll('input.select-all').forEach(function (all) {
			var boxes = rows(all.dataset.section);
			var ticked = boxes.filter(function (box) { return box.checked; }).length;
			all.checked = boxes.length > 0 && ticked === boxes.length;
			all.indeterminate = ticked > 0 && ticked < boxes.length;
		});
		var count = document.getElementById('checked-count');
		if (count) {
			var all = Array.from(document.querySelectorAll('input.check')).filter(function (box) { return !box.disabled; });
			// a group row of the Import section counts as the items it stands for
			var weight = function (sum, box) { return sum + Number(box.dataset.count || 1); };
			var checked = all.filter(function (box) { return box.checked; }).reduce(weight, 0);
			count.textContent = checked + ' of ' + all.reduce(weight, 0) + ' checked';
		}
	}
	document.querySelectorAll('input.select-all').forEach(function (all) {
		all.addEventListener('change', function () {
			rows(all.dataset.section).forEach(function (box) { box.checked = all.checked; });
			refresh();
		});
	});
	document.querySelectorAll('input.check').forEach(function (box) {
		box.addEventListener('change', refresh);
	});
	refresh();
});

// The Jobs page while a job runs: its steps' counts and progress (done of total, rate, time left) follow every two
// seconds without a reload; once a job it follows has ended, the page loads again to show how it ended.
document.addEventListener('DOMContentLoaded', function () {
	var table = document.getElementById('jobs-table');
	if (!table || !table.dataset.progress) {
		return;
	}
	function follow() {
		fetch(table.dataset.progress, { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
			.then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
			.then(function (running) {
				var still = {};
				running.forEach(function (job) {
					still[job.id] = true;
					var row = document.getElementById('execution-' + job.id);
					if (!row) {
						return;
					}
					row.querySelector('.status').textContent = job.status;
					var steps = row.querySelector('ul.steps');
					steps.replaceChildren.apply(steps, job.steps.map(function (text) {
						var li = document.createElement('li');
						li.textContent = text;
						return li;
					}));
				});
				var ended = Array.from(table.querySelectorAll('td.status')).some(function (cell) {
					var id = cell.parentElement.id.replace('execution-', '');
					return cell.dataset.running === 'true' && !still[id];
				});
				if (ended) {
					window.location.reload();
				}
				else {
					setTimeout(follow, 2000);
				}
			})
			.catch(function () { setTimeout(follow, 10000); });
	}
	setTimeout(follow, 2000);
});
