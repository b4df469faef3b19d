"""Ready keras models, backend-agnostic."""
from kerasfe.architecture.acgan import ACGANDiscriminator, ACGANGenerator, acgan_ops
from kerasfe.architecture.attention_unet import AttentionUNet
from kerasfe.architecture.cyclegan import CycleGANGenerator, PatchGANDiscriminator, ReflectionPadding2D
from kerasfe.architecture.dcgan import DCGANDiscriminator, DCGANGenerator, dcgan_ops, gan_loss_ops
from kerasfe.architecture.dnn import DNN
from kerasfe.architecture.lenet import LeNet
from kerasfe.architecture.resnet9 import ResNet9
from kerasfe.architecture.srgan import SRGANDiscriminator, SRResNetGenerator
from kerasfe.architecture.text_classifier import TextClassifier
from kerasfe.architecture.transformer import (TransformerClassifier, TransformerLanguageModel, TransformerTagger,
                                              transformer_features)
from kerasfe.architecture.unet import UNet
from kerasfe.architecture.vit import PatchTokens, ViT
from kerasfe.architecture.wide_residual_network import WideResidualNetwork

__all__ = ["ACGANDiscriminator", "ACGANGenerator", "AttentionUNet", "CycleGANGenerator", "DCGANDiscriminator",
           "DCGANGenerator", "DNN", "LeNet", "PatchGANDiscriminator", "PatchTokens", "ReflectionPadding2D", "ResNet9",
           "SRGANDiscriminator", "SRResNetGenerator", "TextClassifier", "TransformerClassifier",
           "TransformerLanguageModel", "TransformerTagger", "UNet", "ViT", "WideResidualNetwork", "acgan_ops",
           "dcgan_ops", "gan_loss_ops", "transformer_features"]
