import albumentations as A
import numpy as np
import pytest

from kerasfe.op.numpyop.univariate import RandomFog, RandomRain, RandomShadow, RandomSnow, RandomSunFlare
from tests.op.numpyop.albumentations_reference import RGB, assert_matches

# (op with FastEstimator's *_lower / *_upper parameters, the albumentations 2.x transform with their ranges)
CASES = [
    (RandomFog(inputs="x", fog_coef_lower=0.2, fog_coef_upper=0.4, alpha_coef=0.1),
     A.RandomFog(fog_coef_range=(0.2, 0.4), alpha_coef=0.1, p=1)),
    (RandomRain(inputs="x", slant_lower=-5, slant_upper=5, drop_length=3, rain_type="drizzle"),
     A.RandomRain(slant_range=(-5, 5), drop_length=3, rain_type="drizzle", p=1)),
    (RandomRain(inputs="x", drop_length=4), A.RandomRain(slant_range=(-10, 10), drop_length=4, p=1)),
    (RandomShadow(inputs="x", num_shadows_lower=2, num_shadows_upper=3, shadow_dimension=4),
     A.RandomShadow(num_shadows_limit=(2, 3), shadow_dimension=4, p=1)),
    (RandomSnow(inputs="x", snow_point_lower=0.2, snow_point_upper=0.5, brightness_coeff=2.0),
     A.RandomSnow(snow_point_range=(0.2, 0.5), brightness_coeff=2.0, p=1)),
    (RandomSunFlare(inputs="x", angle_lower=0.2, angle_upper=0.4, num_flare_circles_lower=2,
                    num_flare_circles_upper=3, src_radius=6),
     A.RandomSunFlare(angle_range=(0.2, 0.4), num_flare_circles_range=(2, 3), src_radius=6, p=1)),
]


@pytest.mark.parametrize("op, transform", CASES, ids=[case[0].describe() for case in CASES])
def test_each_op_is_its_albumentations_transform_with_fastestimators_ranges(op, transform):
    assert not np.array_equal(assert_matches(op, transform), RGB)  # and it changed the image


def test_shadow_stays_in_its_region():
    image = np.full((16, 16, 3), 200, "uint8")
    out = assert_matches(RandomShadow(inputs="x", shadow_roi=(0.0, 0.5, 1.0, 1.0)),
                         A.RandomShadow(shadow_roi=(0.0, 0.5, 1.0, 1.0), p=1), image)
    assert out[:8].min() == 200 and out[8:].min() < 200
