// Progressive enhancement only: the player works without it. Moves focus to the step that just appeared,
// so a screen reader reads it and the keyboard continues from there.
(function () {
    var heading = document.getElementById('current');
    if (heading) {
        heading.focus();
    }
})();
