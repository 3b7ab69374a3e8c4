"""Every message true of the frame it comes with: each state built headless, its text checked."""

from __future__ import annotations

import math
import re

from demos.headless import run, start


def number(frame, label: str) -> float:  # type: ignore[no-untyped-def]
    text = dict(frame.readouts)[label]
    match = re.search(r"[-+]?\d+\.?\d*(?:e[-+]?\d+)?", text)
    return float(match.group()) if match else math.nan


# --- gradient -----------------------------------------------------------------------------------
def test_gradient_with_zero_input_says_nothing_can_be_learned() -> None:
    frame = run("gradient", {"x": 0.0}, steps=50)
    assert "nothing to learn" in frame.message and "settled" not in frame.message
    assert frame.step == 0 and number(frame, "param") == 3


def test_gradient_cycling_at_lr_4_names_the_two_losses_not_closeness() -> None:
    frame = run("gradient", {"lr": 4.0}, steps=150)
    assert "however close" not in frame.message
    assert "loss 1 to 3" in frame.message and "every step is 4 long" in frame.message


def test_gradient_divergence_names_the_factor() -> None:
    frame = run("gradient", {"lr": 2.0, "loss": "squared"}, steps=100)
    assert frame.status == "diverged" and "lr * 2x^2 = 4 > 2" in frame.message
    assert dict(frame.readouts)["finite difference"] == "lost"  # not a confident wrong 0


def test_gradient_settled_only_when_the_gradient_is_zero() -> None:
    frame = run("gradient", {"loss": "squared"}, steps=150)
    assert frame.message.startswith("settled") and number(frame, "loss") < 1e-12
    slow = run("gradient", {"loss": "squared", "lr": 0.001}, steps=150)
    assert "settled" not in slow.message and "stopped after 150" in slow.message


# --- images -------------------------------------------------------------------------------------
def test_ct_plain_done_says_its_error_stays_flat() -> None:
    frame = run("images", {"mode": "CT sinogram", "backprojection": "plain"}, steps=200)
    assert frame.status == "done"
    assert "more angles and the ramp filter both cut" not in frame.message
    curve = next(p for p in frame.plots if p.title.startswith("error vs"))
    plain = next(s for s in curve.series if s.label == "plain").y
    assert max(plain) - min(plain) < 0.05  # flat, as the message says
    assert f"plain stays near {plain[-1]:.2g}" in frame.message


def test_neural_field_at_lr_1_says_it_failed() -> None:
    for frequencies in (4, 10):
        values = {"mode": "neural field", "lr": 1.0, "frequencies": frequencies}
        frame = run("images", values, steps=60)
        assert "within easy reach" not in frame.message and "fits the pixels" not in frame.message
        assert "lr too large" in frame.message
        assert number(frame, "PSNR") < 15


def test_neural_field_message_quotes_the_psnr_readout() -> None:
    frame = run("images", {"mode": "neural field"}, steps=30)
    assert f"PSNR {dict(frame.readouts)['PSNR']}" in frame.message


# --- minibatch ----------------------------------------------------------------------------------
def test_minibatch_with_all_the_data_says_no_noise() -> None:
    frame = run("minibatch", {"batch": 2048}, steps=10)
    assert "not all" not in frame.message and "no noise" in frame.message


def test_minibatch_divergence_is_told_apart_from_uphill_directions() -> None:
    frame = run("minibatch", {"lr": 2.0}, steps=400)
    assert frame.status == "diverged" and "2/lambda_max" in frame.message
    readouts = dict(frame.readouts)
    assert "steps going uphill" not in readouts
    assert number(frame, "loss rose") > 50  # the loss rose, whatever the direction


# --- deeper -------------------------------------------------------------------------------------
def test_deeper_relu_64_comments_on_the_worse_residual_net() -> None:
    frame = run("deeper", {"activation": "relu", "depth": 64}, steps=20)
    assert number(frame, "residual loss") > number(frame, "plain loss")
    assert "residual worse" in frame.message and "plain:" in frame.message


def test_deeper_default_says_the_residual_net_wins() -> None:
    frame = run("deeper", {"depth": 20}, steps=200)
    assert "lower than plain" in frame.message
    assert number(frame, "residual loss") < number(frame, "plain loss")


# --- init ---------------------------------------------------------------------------------------
def test_init_kaiming_explains_the_factor_below_one() -> None:
    frame = run("init", {"scheme": "kaiming"}, steps=10)
    assert "at layer 1" in frame.message and "Kaiming fixes RMS, not std" in frame.message
    assert "each layer scales the std by about" not in frame.message


def test_init_overflow_and_underflow_name_the_layer() -> None:
    big = run("init", {"scheme": "normal"}, steps=2)
    layer = dict(big.readouts)["first inf/nan layer"]
    assert f"inf/nan at layer {layer}" in big.message
    small = run("init", {"scheme": "small"}, steps=2)
    assert f"exactly 0 at layer {dict(small.readouts)['first all-zero layer']}" in small.message


# --- nonlinearity -------------------------------------------------------------------------------
def test_nonlinearity_checks_come_from_the_trained_linear_pair() -> None:
    demo = start("nonlinearity", {"width": 32})
    for _ in range(20):
        demo.step()
    frame = demo.frame()
    assert dict(frame.readouts)["AB vs BA"] == "32x32 vs 1x1"
    a, b = demo.linear[0].weight, demo.linear[1].weight
    points = demo.x.T
    expected = (b @ (a @ points) - (b @ a) @ points).abs().max().item()
    assert number(frame, "max|B(Ax) - (BA)x|") == float(f"{expected:.2g}")
    one = run("nonlinearity", {"width": 1}, steps=1)
    assert dict(one.readouts)["AB vs BA"] == "|AB - BA| = 0"


def test_nonlinearity_at_lr_1_says_the_bent_net_is_worse_than_a_line() -> None:
    frame = run("nonlinearity", {"lr": 1.0}, steps=300)
    assert number(frame, "relu net loss") > 1.1 * number(frame, "best straight line")
    assert "worse than a line" in frame.message and "stuck: lower the lr" in frame.message
    fine = run("nonlinearity", {}, steps=200)
    assert "bends below it" in fine.message and "worse" not in fine.message


# --- sgd ----------------------------------------------------------------------------------------
def test_sgd_past_its_bound_names_who_diverged() -> None:
    frame = run("sgd", {"lr": 0.2}, steps=400)
    assert "SGD diverged at step" in frame.message and "Adam" in frame.message
    assert dict(frame.readouts)["SGD loss"].startswith("diverged")


def test_sgd_too_small_an_lr_says_sgd_barely_moved() -> None:
    frame = run("sgd", {"lr": 0.0001}, steps=400)
    assert frame.status == "done" and "SGD only got from 56.2 to" in frame.message


def test_sgd_closed_form_divergence_names_the_batch() -> None:
    frame = run("sgd", {"mode": "closed form", "fit_lr": 2.0}, steps=100)
    assert frame.status == "diverged" and "batches of 256" in frame.message


# --- numpy, padding, autodiff -----------------------------------------------------------------
def test_numpy_memory_message_agrees_with_the_shared_memory_readout() -> None:
    for bridge in ("from_numpy", "as_tensor", "as_tensor(float32)", "tensor (copy)", ".numpy()"):
        frame = run("numpy", {"bridge": bridge}, steps=30)
        shares = dict(frame.readouts)["shares memory"].startswith("yes")
        array_value, tensor_value = dict(frame.readouts)["array[i] / tensor[i]"].split(" / ")
        assert ("the array changes too" in frame.message) == shares, bridge
        assert (array_value == tensor_value) == shares, bridge


def test_numpy_speed_done_counts_one_size_in_the_singular() -> None:
    frame = run("numpy", {"mode": "speed", "n": 64}, steps=50)
    assert frame.message == "done: 6 passes over 1 size, medians plotted"


def test_padding_message_quotes_the_naive_error_readout() -> None:
    frame = run("padding", {"pad": 10.0}, steps=3)
    error = number(frame, "max |naive - true|")
    assert f"off by up to {error:.2g}" in frame.message
    equal = run("padding", {"max_len": 1}, steps=3)
    assert number(equal, "max |naive - true|") == 0 and "naive mean is right" in equal.message


def test_autodiff_claims_each_mode_wins_only_when_the_verdicts_say_so() -> None:
    frame = run("autodiff", {"size": 64}, steps=400)
    readouts = dict(frame.readouts)
    wins = readouts["f at n=64"].startswith("reverse") and readouts["g at m=64"].startswith(
        "forward"
    )
    assert frame.status == "done"
    assert ("each mode wins" in frame.message) == wins
