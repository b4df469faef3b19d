"""Ready keras models, backend-agnostic."""
from kerasfe.architecture.dcgan import DCGANDiscriminator, DCGANGenerator
from kerasfe.architecture.lenet import LeNet

__all__ = ["DCGANDiscriminator", "DCGANGenerator", "LeNet"]
